package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import io.github.transferml.transfer.config.ScheduleKind;
import org.junit.jupiter.api.Test;

/** The update rules and schedules written here, checked against hand computation on the engine. */
class OptimizerMathTest {

    @Test
    void nesterov_sgd_should_follow_pytorch_formula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            NesterovSgd sgd = new NesterovSgd(Tracker.fixed(0.1f), 0.9f, 0.01f);
            // Step 1: g = grad + 0.01 w = (0.51, 0.48); v = g; w -= 0.1 (g + 0.9 v) = 0.1 * 1.9 g
            sgd.update("w", weight, manager.create(new float[] {0.5f, 0.5f}));
            assertArrayEquals(new float[] {1f - 0.1f * 1.9f * 0.51f, -2f - 0.1f * 1.9f * 0.48f}, weight.toFloatArray(), 1e-6f);
            // Step 2 with zero gradient: g = 0.01 w; v = 0.9 v + g; w -= 0.1 (g + 0.9 v)
            float[] w = weight.toFloatArray();
            float[] v = {0.51f, 0.48f};
            float[] expected = new float[2];
            for (int i = 0; i < 2; i++) {
                float g = 0.01f * w[i];
                float velocity = 0.9f * v[i] + g;
                expected[i] = w[i] - 0.1f * (g + 0.9f * velocity);
            }
            sgd.update("w", weight, manager.zeros(new Shape(2)));
            assertArrayEquals(expected, weight.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rmsprop_should_follow_keras_formula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            RmsPropOptimizer rmsprop = new RmsPropOptimizer(Tracker.fixed(0.01f), 0f, 0f);
            rmsprop.update("w", weight, manager.create(new float[] {0.5f, -1f}));
            // s = 0.1 g^2; w -= 0.01 g / (sqrt(s) + 1e-7) = 0.01 sign(g) / sqrt(0.1)
            float step = (float) (0.01 / Math.sqrt(0.1));
            assertArrayEquals(new float[] {1f - step, -2f + step}, weight.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void portable_adam_and_adamw_should_match_djl_native_updates() {
        for (boolean decoupled : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                float[] start = {1f, -2f, 0.3f, 4f};
                NDArray ours = manager.create(start);
                NDArray djls = manager.create(start);
                ours.setRequiresGradient(true);
                djls.setRequiresGradient(true);
                PortableAdam portable = new PortableAdam(Tracker.fixed(0.01f), 0.05f, decoupled);
                ai.djl.training.optimizer.Optimizer djl = decoupled
                        ? ai.djl.training.optimizer.Optimizer.adamW().optLearningRateTracker(Tracker.fixed(0.01f))
                                .optWeightDecays(0.05f).build()
                        : ai.djl.training.optimizer.Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f))
                                .optWeightDecays(0.05f).build();
                float[][] gradients = {{0.5f, -1f, 0f, 2f}, {0.1f, 0.2f, -0.3f, 0f}, {-2f, 1f, 0.5f, 0.5f}};
                for (float[] g : gradients) {
                    portable.update("w", ours, manager.create(g));
                    djl.update("w", djls, manager.create(g));
                    assertArrayEquals(djls.toFloatArray(), ours.toFloatArray(), 1e-6f,
                            (decoupled ? "AdamW" : "Adam") + " after a step");
                }
            }
        }
    }

    @Test
    void schedules_should_warm_up_and_anneal() {
        LearningRateSchedule constant = new LearningRateSchedule(ScheduleKind.CONSTANT, 0.1f, 100, 10);
        assertEquals(0.01f, constant.getNewValue(1), 1e-7f);
        assertEquals(0.1f, constant.getNewValue(10), 1e-7f);
        assertEquals(0.1f, constant.getNewValue(100), 1e-7f);

        LearningRateSchedule cosine = new LearningRateSchedule(ScheduleKind.COSINE, 0.1f, 100, 0);
        assertEquals(0.1f, cosine.getNewValue(1), 1e-4f);
        assertEquals(0.05f, cosine.getNewValue(50), 1e-7f);
        assertEquals(0f, cosine.getNewValue(100), 1e-7f);

        LearningRateSchedule oneCycle = new LearningRateSchedule(ScheduleKind.ONE_CYCLE, 0.1f, 100, 0);
        assertEquals(0.004f + 0.096f / 30, oneCycle.getNewValue(1), 1e-7f, "starts near a 25th of the rate");
        assertEquals(0.1f, oneCycle.getNewValue(30), 1e-7f, "peaks after 30% of the steps");
        assertEquals(0.00001f, oneCycle.getNewValue(100), 1e-8f, "ends at a 10,000th");
    }
}
