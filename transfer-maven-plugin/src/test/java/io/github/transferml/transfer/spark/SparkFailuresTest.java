package io.github.transferml.transfer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.cluster.ClusterException;
import io.github.transferml.transfer.data.DatasetException;
import org.junit.jupiter.api.Test;

/** A failed Spark job fails the build with the executor's own words where there are some. */
class SparkFailuresTest {

    /** How a task's failure reaches a remote driver: as text inside Spark's message. */
    private static final String ABORTED = "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most"
            + " recent failure: Lost task 0.3 in stage 1.0 (TID 20) (10.0.0.7 executor 3): ";

    @Test
    void a_bad_image_on_an_executor_should_fail_as_it_fails_here() {
        String message = "Cannot decode image hdfs://nn/train/3/x.png (the file ends early: it is truncated)."
                + " Replace it with a valid PNG, JPEG, BMP or GIF file, or remove it.";
        DatasetException e = assertThrows(DatasetException.class, () -> SparkFailures.run("the frozen pass", () -> {
            throw new IllegalStateException(ABORTED + "io.github.transferml.transfer.data.DatasetException: "
                    + message + "\n\tat io.github.transferml.transfer.data.ImageSource.decode(ImageSource.java:40)");
        }));
        assertEquals(message, e.getMessage());
    }

    @Test
    void an_executor_that_cannot_load_the_engine_should_be_named() {
        ClusterException e = assertThrows(ClusterException.class, () -> SparkFailures.run("the frozen pass", () -> {
            throw new IllegalStateException(ABORTED + "io.github.transferml.transfer.cluster.ClusterException:"
                    + " Executor 3 on worker-7 cannot load the PyTorch engine: no native library\n\tat …");
        }));
        assertEquals("Executor 3 on worker-7 cannot load the PyTorch engine: no native library", e.getMessage());
    }

    @Test
    void anything_else_should_say_what_failed_in_one_line() {
        ClusterException e = assertThrows(ClusterException.class, () -> SparkFailures.run("hashing the data files",
                () -> {
                    throw new IllegalStateException(ABORTED + "java.lang.OutOfMemoryError: Java heap space\n\tat …");
                }));
        assertEquals("Spark failed in hashing the data files: " + ABORTED + "java.lang.OutOfMemoryError: Java heap"
                + " space", e.getMessage());
    }
}
