package io.github.transferml.transfer.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the worker's C allocator (glibc's {@code malloc}, which libtorch and oneDNN allocate every
 * tensor with) keeps memory: freed blocks stay mapped and are reused instead of going back to the
 * kernel and being faulted in again by the next batch.
 *
 * <p>Why: glibc's defaults trim a thread's heap as soon as its free top exceeds a threshold that
 * starts at 128 KiB, and map large blocks afresh. A frozen pass frees and re-allocates the same
 * activations every batch, so each batch page-faulted them in anew: measured on the imported
 * ResNet-50 (96 images at 224 x 224, 2 threads) 0.5 to 1.1 million minor faults and 1.7 to 4.0 s
 * in the kernel, against 0.26 to 0.36 million and 1.0 to 1.2 s with these settings. They change
 * where memory lives, never a value. Linux with glibc reads them; elsewhere they are ignored.
 *
 * <p>Keeping freed memory is per arena, and glibc gives up to 8 arenas per core, one to each thread
 * that allocates while another holds an arena. The threads that prepare images allocate tensors
 * too, so an end-to-end build's C heap grew with the data set (measured at 10,000 and 60,000
 * images, 2 cores: peak RSS 659 and 761 MB with glibc's arenas, 671 and 718 MB with 2). One arena
 * per core is as many as can allocate at the same moment.
 */
public final class NativeMemory {

    /**
     * Blocks up to this size come from the heap and are reused; larger ones are mapped afresh. 32 MiB,
     * the most glibc allows (its default also grows to this, but only after a block has been freed).
     */
    public static final long MMAP_THRESHOLD_BYTES = 32L << 20;

    /** A thread's heap gives memory back only when more than this is free at its top. */
    static final long TRIM_THRESHOLD_BYTES = 256L << 20;

    static final String MMAP_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";
    static final String TRIM_THRESHOLD = "MALLOC_TRIM_THRESHOLD_";
    static final String ARENA_MAX = "MALLOC_ARENA_MAX";

    private NativeMemory() {}

    /**
     * The worker's allocator settings. The two thresholds are set together: glibc stops adapting its
     * mapping threshold once either is given, so the trim threshold alone would map every block over
     * 128 KiB. The arenas are one per core, at least 2. A build that sets any of them itself keeps its
     * own (it may know its machine better).
     *
     * @param inherited the environment the worker would otherwise get
     * @param cores the worker's cores
     * @return variable to value, without what the build sets itself
     */
    public static Map<String, String> environment(Map<String, String> inherited, int cores) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!inherited.containsKey(MMAP_THRESHOLD) && !inherited.containsKey(TRIM_THRESHOLD)) {
            env.put(MMAP_THRESHOLD, Long.toString(MMAP_THRESHOLD_BYTES));
            env.put(TRIM_THRESHOLD, Long.toString(TRIM_THRESHOLD_BYTES));
        }
        if (!inherited.containsKey(ARENA_MAX)) {
            env.put(ARENA_MAX, Integer.toString(Math.max(2, cores)));
        }
        return env;
    }
}
