package io.github.transferml.transfer.spark;

import io.github.transferml.transfer.cluster.ClusterException;
import io.github.transferml.transfer.config.ConfigurationException;
import io.github.transferml.transfer.data.DatasetException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Spark job into the build's own errors. A task's exception reaches the driver as
 * text inside Spark's (whole only in {@code local} mode): the message the plugin's code gave on the
 * executor is found in either form, so a bad image fails a Spark build with the words it fails a
 * local one with.
 */
final class SparkFailures {

    /** One of the plugin's exceptions, as Spark prints a task's failure: its class, then its message. */
    private static final Pattern OURS = Pattern.compile(
            "io\\.github\\.transferml\\.transfer\\.[\\w.]*\\.(\\w+Exception): ([^\\n]*)");

    private SparkFailures() {}

    /**
     * Runs a Spark action.
     *
     * @param what what it does, for the message, e.g. "the frozen pass"
     * @param action the action
     * @param <T> its result
     * @return its result
     * @throws DatasetException if an executor found a bad data file
     * @throws ClusterException if anything else failed, with the executor's own words where there are some
     */
    static <T> T run(String what, Callable<T> action) {
        try {
            return action.call();
        } catch (DatasetException | ConfigurationException | ClusterException e) {
            throw e;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DatasetException dataset) {
                    throw new DatasetException(dataset.getMessage());
                }
                if (t instanceof ClusterException cluster) {
                    throw new ClusterException(cluster.getMessage());
                }
            }
            Matcher ours = OURS.matcher(String.valueOf(e.getMessage()));
            if (ours.find()) {
                if (ours.group(1).equals("DatasetException")) {
                    throw new DatasetException(ours.group(2));
                }
                throw new ClusterException(ours.group(2));
            }
            throw new ClusterException("Spark failed in " + what + ": " + reason(e));
        }
    }

    /**
     * The first line of the most telling message: Spark's own ({@code Job aborted due to stage
     * failure: …}) leads to the task's.
     *
     * @param e what Spark threw
     * @return one line
     */
    static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : deepest.toString();
        if (deepest != e && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
            message = message + " (" + deepest + ")";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
