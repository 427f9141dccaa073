package io.github.transferml.transfer.worker;

import io.github.transferml.transfer.engine.Numerics;
import java.nio.file.Path;

/**
 * The file the build hands the worker: which job, its JSON, and where the result goes.
 *
 * @param goal the goal that forked the worker, e.g. {@code train}, for messages
 * @param jobType the job's class, one of the plugin's own {@link WorkerJob}s
 * @param job the job as JSON
 * @param result where the worker writes the result as JSON
 * @param failure where the worker writes the exception a job threw
 * @param offline whether DJL may not download anything
 * @param numerics the numerics the worker's environment was set for, checked against its CPU
 */
record WorkerRequest(String goal, String jobType, String job, Path result, Path failure, boolean offline,
        Numerics numerics) {}
