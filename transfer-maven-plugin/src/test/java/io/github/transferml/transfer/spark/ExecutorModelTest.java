package io.github.transferml.transfer.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.cluster.ClusterException;
import io.github.transferml.transfer.cluster.FrozenPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An executor that cannot compute as the build does fails, naming itself, before it computes anything. */
class ExecutorModelTest {

    private static final FrozenPrefix PREFIX = new FrozenPrefix(
            "resnet(numLayers=20,outSize=10,imageShape=1x28x28) > keep(6)", new byte[0], new long[] {1, 28, 28},
            List.of(new long[] {64, 7, 7}), 64);

    @Test
    void an_engine_the_executor_cannot_load_should_fail_naming_the_executor() {
        ClusterException e = assertThrows(ClusterException.class, () -> ExecutorModel.of(-1,
                () -> ExecutorModel.serialise(PREFIX), "NoSuchEngine", "portable", 2));
        assertTrue(e.getMessage().startsWith("Executor ? on ") && e.getMessage().contains(
                " cannot load the NoSuchEngine engine: ") && e.getMessage().contains("spark.jars"), e.getMessage());
    }

    @Test
    void an_executor_whose_kernels_are_not_the_builds_should_fail_naming_the_setting() {
        // This JVM pins ATen at avx2 (portable, as the POM's surefire settings say); compatible wants default.
        ClusterException e = assertThrows(ClusterException.class, () -> ExecutorModel.of(-2,
                () -> ExecutorModel.serialise(PREFIX), "PyTorch", "compatible", 2));
        assertTrue(e.getMessage().contains("computes with ATEN_CPU_CAPABILITY=avx2, not default as numerics"
                + " compatible pins it") && e.getMessage().contains("spark.executorEnv.ATEN_CPU_CAPABILITY"),
                e.getMessage());
    }

    @Test
    void parameters_that_do_not_fit_the_recipe_should_fail_naming_it() {
        ClusterException e = assertThrows(ClusterException.class, () -> ExecutorModel.of(-3,
                () -> ExecutorModel.serialise(PREFIX), "PyTorch", "portable", 2));
        assertTrue(e.getMessage().contains("cannot rebuild the frozen base (resnet(numLayers=20"), e.getMessage());
    }
}
