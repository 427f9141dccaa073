package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.config.EarlyStopping;
import io.github.transferml.transfer.head.HeadDesign;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact fit of a linear head: its objective against PyTorch's loss and a finite-difference
 * gradient, its minimum against SciPy's L-BFGS-B on the same problem, its independence from the
 * number of threads, and the pooling and parameters it shares with the head the engine runs.
 */
class LinearProbeTest {

    /** Eight rows of three features; classes 0, 1 and 2, class 2 three times. */
    private static final double[] X = {2, 0, -1, .5, .5, 3, 1, -1, .25, 0, 2, 1, -1, 1.5, .5, 1.5, -.5, -2,
        .25, .75, 1.25, -2, -1, 0};
    private static final int[] Y = {0, 2, 2, 1, 1, 0, 2, 1};
    private static final float[] WEIGHTS = {2f, 1f, 0.5f};
    private static final float SMOOTHING = 0.3f;

    @TempDir
    Path work;

    @Test
    void loss_should_be_pytorch_s_weighted_smoothed_cross_entropy() {
        // With W the identity and no bias, the logits are the rows: the first four are the logits of
        // ClassificationLossTest, whose loss python3-torch 1.13 printed.
        LinearProbe probe = new LinearProbe(3, SMOOTHING, WEIGHTS, EarlyStopping.Metric.VALIDATION_LOSS);
        double[] x = java.util.Arrays.copyOf(X, 12);
        LinearProbe.Objective objective = probe.new Objective(x, new int[] {0, 2, 2, 1}, 3, 0);
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
        // PyTorch's ε was 0.3 exactly, ours is the float nearest to it: 1.2e-8 apart here.
        assertEquals(0.8034966689218286, objective.dataLoss(identity), 5e-8);
    }

    @Test
    void gradient_should_match_finite_differences() {
        LinearProbe probe = new LinearProbe(3, SMOOTHING, WEIGHTS, EarlyStopping.Metric.VALIDATION_LOSS);
        LinearProbe.Objective objective = probe.new Objective(X, Y, 3, 0.1);
        Random random = new Random(7);
        double[] theta = new double[objective.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextGaussian();
        }
        double[] gradient = new double[theta.length];
        objective.evaluate(theta, gradient);
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            double numeric = (objective.evaluate(plus, new double[theta.length])
                    - objective.evaluate(minus, new double[theta.length])) / 2e-6;
            assertEquals(numeric, gradient[i], 1e-7, "parameter " + i);
        }
    }

    @Test
    void minimum_should_match_scipy_s_l_bfgs_b() {
        // The same objective in NumPy (ε the float nearest 0.3, as here), minimised by SciPy 1.17's
        // L-BFGS-B (gtol 1e-12, ftol 1e-15) from zeros: loss 0.7440077097010881 at the weights (3 x 3,
        // a row per class), then the biases, below.
        double[] expected = {0.3590714420, -0.0299372096, -0.3630274185, -0.5433882733, 0.2918876453, -0.0758946737,
            0.1843168313, -0.2619504357, 0.4389220922, 0.4017759926, 0.1790636512, -0.5808396438};
        LinearProbe probe = new LinearProbe(3, SMOOTHING, WEIGHTS, EarlyStopping.Metric.VALIDATION_LOSS);
        LinearProbe.Objective objective = probe.new Objective(X, Y, 3, 0.1);
        LinearProbe.Minimum minimum = LinearProbe.minimise(objective, new double[objective.size()]);
        assertTrue(minimum.converged());
        assertEquals(0.7440077097010881, objective.evaluate(minimum.theta(), new double[expected.length]), 1e-9);
        assertArrayEquals(expected, minimum.theta(), 1e-4);
    }

    @Test
    void fit_should_give_the_same_bits_whatever_the_threads() throws Exception {
        LinearProbe.Rows train = blobs(900, 24, 5, 1);
        LinearProbe.Rows validation = blobs(200, 24, 5, 2);
        LinearProbe probe = new LinearProbe(5, 0f, null, EarlyStopping.Metric.VALIDATION_LOSS);
        LinearProbe.Result one = new ForkJoinPool(1).submit(() -> probe.fit(train, validation, step -> {})).get();
        LinearProbe.Result two = new ForkJoinPool(2).submit(() -> probe.fit(train, validation, step -> {})).get();
        assertArrayEquals(one.weight(), two.weight());
        assertArrayEquals(one.bias(), two.bias());
        assertEquals(one.path(), two.path());
        assertTrue(one.chosen().validationAccuracy() > 0.8, one.chosen().describe());
        // The path runs from strong to weak penalties and keeps the best validation loss it saw.
        List<LinearProbe.Step> path = one.path();
        for (LinearProbe.Step step : path) {
            assertTrue(step.validationLoss() >= one.chosen().validationLoss(), step.describe());
        }
        assertEquals(LinearProbe.PENALTIES[0], path.get(0).penalty());
    }

    @Test
    void vectors_should_pool_a_feature_map_as_the_head_does_and_the_head_should_compute_the_fit() {
        try (NDManager manager = NDManager.newBaseManager();
                FeatureCache cache = FeatureCache.create(6, new Shape(4, 3, 3), 1 << 20, work)) {
            NDArray rows = manager.randomNormal(new Shape(6, 4, 3, 3));
            cache.put(0, rows);
            int[] labels = {0, 1, 2, 0, 1, 2};
            LinearProbe.Rows vectors = LinearProbe.vectors(manager, cache, labels);
            assertEquals(4, vectors.dimension());

            HeadDesign design = HeadDesign.of(new Shape(4, 3, 3), List.of(), 3);
            Block head = design.build();
            head.initialize(manager, DataType.FLOAT32, new Shape(6, 4, 3, 3));
            NDArray pooled = design.buildVectorizer().forward(new ParameterStore(manager, false), new NDList(rows),
                    false).singletonOrThrow();
            assertArrayEquals(pooled.toFloatArray(), vectors.values(), 1e-6f);

            LinearProbe.Result fit = new LinearProbe(3, 0f, null, EarlyStopping.Metric.VALIDATION_LOSS)
                    .fit(vectors, vectors, step -> {});
            LinearProbe.setClassifier(head, fit);
            float[] logits = head.forward(new ParameterStore(manager, false), new NDList(rows), false)
                    .singletonOrThrow().toFloatArray();
            for (int i = 0; i < 6; i++) {
                for (int c = 0; c < 3; c++) {
                    double expected = fit.bias()[c];
                    for (int j = 0; j < 4; j++) {
                        expected += fit.weight()[c * 4 + j] * vectors.values()[i * 4 + j];
                    }
                    assertEquals(expected, logits[i * 3 + c], 1e-4, "row " + i + ", class " + c);
                }
            }
        }
    }

    /** Gaussian blobs around seeded centres, far from standardised (offset and scaled per feature). */
    private static LinearProbe.Rows blobs(int rows, int dimension, int classes, long seed) {
        Random centres = new Random(99);
        double[][] centre = new double[classes][dimension];
        for (double[] c : centre) {
            for (int j = 0; j < dimension; j++) {
                c[j] = centres.nextGaussian();
            }
        }
        Random random = new Random(seed);
        float[] values = new float[rows * dimension];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < dimension; j++) {
                values[i * dimension + j] = (float) ((centre[labels[i]][j] + 1.5 * random.nextGaussian()) * (j + 1)
                        + 10 * j);
            }
        }
        return new LinearProbe.Rows(values, labels, dimension);
    }
}
