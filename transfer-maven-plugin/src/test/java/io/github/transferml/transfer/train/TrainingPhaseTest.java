package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.PhaseLength;
import io.github.transferml.transfer.config.ScheduleKind;
import io.github.transferml.transfer.config.ScheduleOptions;
import org.junit.jupiter.api.Test;

class TrainingPhaseTest {

    private static final ScheduleOptions CONSTANT = new ScheduleOptions(ScheduleKind.CONSTANT, 0);

    @Test
    void head_should_start_the_count_and_cache_the_frozen_prefix() {
        SequentialBlock prefix = new SequentialBlock();
        TrainingPhase phase = TrainingPhase.head(new SequentialBlock(), prefix, new Shape(64), 0.01f,
                PhaseLength.of(10, null, true), 13, CONSTANT, HeadSolver.SGD);

        assertEquals(1, phase.firstEpoch());
        assertEquals(prefix, phase.frozenPrefix());
        assertEquals("model", phase.kind().modelName("model"));
        assertEquals("training data", phase.kind().cacheLabel("training data"));
        assertNull(phase.kind().logPrefix());
    }

    @Test
    void baseline_should_train_images_end_to_end_under_its_own_names() {
        TrainingPhase phase = TrainingPhase.baseline(new SequentialBlock(), new Shape(1, 28, 28), 0.1f,
                PhaseLength.of(5, null, false), CONSTANT);

        assertNull(phase.frozenPrefix());
        assertTrue(phase.batchNormTrains());
        assertEquals(5, phase.totalEpochs());
        assertEquals("model-baseline", phase.kind().modelName("model"));
        assertEquals("Baseline", phase.kind().logPrefix());
        assertEquals("validation data (fine-tuning)",
                TrainingPhase.Kind.FINE_TUNING.cacheLabel("validation data"));
    }

    @Test
    void fine_tuning_should_cache_only_a_frozen_output_smaller_than_the_image_and_pixels_never() {
        Shape image = new Shape(3, 32, 32);
        SequentialBlock prefix = new SequentialBlock();
        PhaseLength ten = PhaseLength.of(10, null, true);

        assertNull(PhaseRunner.whyStreamed(fineTuning(prefix, new Shape(32, 8, 8)), image),
                "2,048 features for 3,072 pixels: cached");
        assertEquals("the frozen blocks' output, (16, 16, 16), is no smaller than the image, (3, 32, 32), so they run"
                + " again every epoch (in inference mode)", PhaseRunner.whyStreamed(fineTuning(prefix,
                        new Shape(16, 16, 16)), image));
        assertNull(PhaseRunner.whyStreamed(TrainingPhase.head(new SequentialBlock(), prefix, new Shape(16, 16, 16),
                null, ten, 10, CONSTANT, HeadSolver.SGD), image), "the head's frozen base runs once, whatever it gives");
        assertNull(PhaseRunner.whyStreamed(TrainingPhase.head(new SequentialBlock(), prefix, new Shape(512), null,
                ten, 10, CONSTANT, HeadSolver.LBFGS), image));
        assertEquals("the first trained block reads pixels", PhaseRunner.whyStreamed(TrainingPhase.baseline(
                new SequentialBlock(), image, null, ten, CONSTANT), image));
        assertEquals("the first trained block reads pixels", PhaseRunner.whyStreamed(TrainingPhase.head(
                new SequentialBlock(), null, image, null, ten, 10, CONSTANT, HeadSolver.SGD), image));
    }

    private static TrainingPhase fineTuning(SequentialBlock stillFrozen, Shape rowShape) {
        return new TrainingPhase(TrainingPhase.Kind.FINE_TUNING, new SequentialBlock(), stillFrozen, rowShape, 0.001f,
                PhaseLength.of(3, null, false), 11, 13, CONSTANT, false, null, HeadSolver.SGD);
    }

    @Test
    void a_phase_should_end_within_the_run() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingPhase(TrainingPhase.Kind.FINE_TUNING,
                new SequentialBlock(), null, new Shape(64), 0.01f, PhaseLength.of(3, null, false), 11, 12, CONSTANT, false,
                null, HeadSolver.SGD));
    }
}
