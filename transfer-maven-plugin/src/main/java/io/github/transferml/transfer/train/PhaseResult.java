package io.github.transferml.transfer.train;

import java.util.List;

/**
 * What one training phase gave.
 *
 * @param history its epochs
 * @param validation its final (or best, under early stopping) validation
 * @param cacheSeconds the time spent building its caches
 * @param trainSeconds the time spent training
 * @param spilled whether its training cache spilled to disk
 */
record PhaseResult(List<EpochMetrics> history, Evaluation validation, double cacheSeconds, double trainSeconds,
        boolean spilled) {

    PhaseResult {
        history = List.copyOf(history);
    }
}
