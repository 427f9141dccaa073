package io.github.transferml.transfer.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts, for the log, which executors ran a pass's tasks and how many tasks Spark ran again (after
 * an executor was lost, say): the build says so instead of hiding a retry.
 */
final class TaskWatch extends SparkListener {

    private final Set<String> executors = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() == Success$.MODULE$) {
            executors.add(end.taskInfo().executorId());
        } else {
            retried.incrementAndGet();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        lost.incrementAndGet();
    }

    /** Waits a moment for Spark's listener bus, which reports tasks after the job has returned. */
    void settle() {
        long until = System.nanoTime() + 2_000_000_000L;
        while (executors.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return how many executors ran a task that succeeded */
    int executors() {
        return executors.size();
    }

    /** @return e.g. {@code ; 3 failed tasks ran again (1 executor lost)}, or nothing */
    String retries() {
        int tasks = retried.get();
        int executorsLost = lost.get();
        if (tasks == 0 && executorsLost == 0) {
            return "";
        }
        return "; " + tasks + (tasks == 1 ? " failed task" : " failed tasks") + " ran again (" + executorsLost
                + (executorsLost == 1 ? " executor" : " executors") + " lost)";
    }
}
