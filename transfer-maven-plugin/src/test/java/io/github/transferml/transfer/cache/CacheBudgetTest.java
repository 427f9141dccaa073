package io.github.transferml.transfer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One memory budget for all of a run's live caches, clamped to half the heap. */
class CacheBudgetTest {

    /** 100 rows of 10 floats: 4,000 bytes a cache. */
    private static final Shape ROW = new Shape(10);
    private static final long CACHE = 100 * 10 * Float.BYTES;

    @TempDir
    Path work;

    @Test
    void live_caches_should_share_one_budget_and_give_their_share_back_when_closed() {
        CacheBudget budget = CacheBudget.of(CACHE * 3 / 2); // room for one cache and a half
        try (FeatureCache first = FeatureCache.create(100, ROW, budget, work);
                FeatureCache second = FeatureCache.create(100, ROW, budget, work)) {
            assertFalse(first.isSpilled());
            assertTrue(second.isSpilled(), "the first cache took the room the second would need");
            assertEquals(CACHE, budget.used());
        }
        assertEquals(0, budget.used());
        FeatureCache again = FeatureCache.create(100, ROW, budget, work);
        assertFalse(again.isSpilled(), "closed caches left their room to the next");
        again.close();
        again.close();
        assertEquals(0, budget.used(), "a share is given back once, however often a cache is closed");
    }

    @Test
    void forRun_should_clamp_the_request_to_half_the_heap_and_say_so() {
        List<String> log = new ArrayList<>();

        CacheBudget clamped = CacheBudget.forRun(4096L << 20, 2048L << 20, log::add);
        CacheBudget kept = CacheBudget.forRun(512L << 20, 2048L << 20, log::add);

        assertEquals(1024L << 20, clamped.limit());
        assertEquals(512L << 20, kept.limit());
        assertEquals(List.of("cacheMemoryMb 4096 is more than half of the worker's heap (2048 MB): caches keep at most"
                + " 1024 MB in memory and spill the rest to disk; give the worker more heap with"
                + " <jvmArgs>-Xmx…</jvmArgs> to keep more"), log);
    }
}
