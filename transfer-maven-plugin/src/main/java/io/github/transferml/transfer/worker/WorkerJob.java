package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.train.TrainingEvents;

/**
 * What a goal asks the worker process to do. A job travels to the worker as JSON, so it holds plain
 * values (records, strings, paths, lists) and no engine objects; its result travels back the same
 * way.
 *
 * @param <R> the result
 */
public interface WorkerJob<R> {

    /**
     * Runs in the worker, where the engine lives.
     *
     * @param events where progress goes; the worker streams it to the build's log
     * @return the result
     * @throws Exception anything; the goal rethrows it with its type and message
     */
    R run(TrainingEvents events) throws Exception;

    /** @return the type of the result, to read it back */
    Class<R> resultType();
}
