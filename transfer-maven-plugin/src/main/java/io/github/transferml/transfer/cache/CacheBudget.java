package io.github.transferml.transfer.cache;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The memory all of a run's live feature caches may hold together: a cache that fits in what is
 * left keeps its rows in memory and returns its share when it closes; one that does not spills to
 * a file. One budget for the run, so the training and validation caches (and the caches of every
 * candidate cut) cannot each take the whole of {@code cacheMemoryMb}; and never more than half of
 * the heap, which the images, the network and the engine's arrays share.
 */
public final class CacheBudget {

    /** The share of the heap that caches may hold at most. */
    static final double HEAP_SHARE = 0.5;

    private final long limit;
    private long used;

    private CacheBudget(long limit) {
        this.limit = limit;
    }

    /**
     * A budget of exactly this many bytes, e.g. for one cache on its own.
     *
     * @param bytes the limit
     * @return the budget
     */
    public static CacheBudget of(long bytes) {
        return new CacheBudget(Math.max(0, bytes));
    }

    /**
     * The run's budget: the requested bytes, clamped to half the heap, saying so when it clamps.
     *
     * @param requestedBytes {@code cacheMemoryMb} in bytes
     * @param maxHeapBytes the heap's limit ({@link Runtime#maxMemory()})
     * @param log told when the request is clamped
     * @return the budget
     */
    public static CacheBudget forRun(long requestedBytes, long maxHeapBytes, Consumer<String> log) {
        long cap = (long) (maxHeapBytes * HEAP_SHARE);
        if (requestedBytes > cap) {
            log.accept(String.format(Locale.ROOT, "cacheMemoryMb %d is more than half of the worker's heap (%d MB):"
                    + " caches keep at most %d MB in memory and spill the rest to disk; give the worker more heap"
                    + " with <jvmArgs>-Xmx…</jvmArgs> to keep more", requestedBytes >> 20, maxHeapBytes >> 20,
                    cap >> 20));
            return new CacheBudget(cap);
        }
        return new CacheBudget(Math.max(0, requestedBytes));
    }

    /** @return the most bytes all live caches may hold in memory */
    public long limit() {
        return limit;
    }

    /** @return the bytes live caches hold now */
    public synchronized long used() {
        return used;
    }

    /**
     * Takes a share, if it fits.
     *
     * @param bytes the share
     * @return whether it was taken; the caller then gives it back with {@link #release}
     */
    synchronized boolean reserve(long bytes) {
        if (bytes > limit - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    /** @param bytes a share {@link #reserve} took */
    synchronized void release(long bytes) {
        used -= bytes;
    }
}
