package io.github.transferml.transfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.github.transferml.transfer.TestData;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The option groups of {@link TrainingRequest}: each validates and describes itself. */
class OptionGroupsTest {

    private static void assertConfigurationError(String parameter, String message, Executable build) {
        ConfigurationException e = assertThrows(ConfigurationException.class, build);
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.getParameter());
    }

    @Test
    void optimizer_should_name_the_parameter_at_fault() {
        assertConfigurationError("learningRate", "<learningRate> must be a positive number, not -1.0",
                () -> new OptimizerOptions(OptimizerKind.ADAM, -1f, null, false, null));
        assertConfigurationError("momentum", "<momentum> must be in [0, 1), not 1.0",
                () -> new OptimizerOptions(OptimizerKind.SGD, 0.1f, 1f, false, null));
        assertConfigurationError("nesterov", "<nesterov> applies to the sgd optimizer only, not adamw",
                () -> new OptimizerOptions(OptimizerKind.ADAMW, 0.1f, null, true, null));
        assertConfigurationError("weightDecay", "<weightDecay> must be 0 or more, not -0.5",
                () -> new OptimizerOptions(OptimizerKind.ADAM, 0.1f, null, false, -0.5f));
    }

    @Test
    void optimizer_should_describe_only_what_is_set() {
        assertEquals("adam at learning rate 0.001",
                new OptimizerOptions(OptimizerKind.ADAM, 0.001f, null, false, null).describe());
        assertEquals("sgd at learning rate 0.01, momentum 0.8, Nesterov, weight decay 0.001",
                new OptimizerOptions(OptimizerKind.SGD, 0.01f, 0.8f, true, 0.001f).describe());
    }

    @Test
    void schedule_that_decays_should_need_the_phase_s_epochs() {
        assertConfigurationError("schedule", "<schedule> cosine decays over a fixed number of epochs, but"
                + " <fineTuning.epochs> is not set (the phase trains until the validation loss stops improving)."
                + " Set <fineTuning.epochs>, or use the constant schedule.",
                () -> new ScheduleOptions(ScheduleKind.COSINE, 0).checkWithin("fineTuning.epochs", null));
    }

    @Test
    void schedule_should_check_its_warm_up_against_the_epochs() {
        ScheduleOptions schedule = new ScheduleOptions(ScheduleKind.COSINE, 3);
        schedule.checkWithin("epochs", 4);
        assertConfigurationError("warmupEpochs", "<warmupEpochs> is 3, but warm-up restarts in every phase and"
                + " <epochs> is 3; make warmupEpochs less than 3 or epochs more than 3",
                () -> schedule.checkWithin("epochs", 3));
        assertConfigurationError("warmupEpochs", "<warmupEpochs> is 3, but warm-up restarts in every phase and"
                + " <fineTuning.epochs> is 2; make warmupEpochs less than 2 or fineTuning.epochs more than 3",
                () -> schedule.checkWithin("fineTuning.epochs", 2));
        assertConfigurationError("warmupEpochs", "<warmupEpochs> must be 0 or more, not -1",
                () -> new ScheduleOptions(ScheduleKind.CONSTANT, -1).checkWithin("epochs", 5));
        assertEquals("cosine, 3 warm-up epochs", schedule.describe());
        new ScheduleOptions(ScheduleKind.CONSTANT, 3).checkWithin("epochs", null);
        assertEquals("constant", new ScheduleOptions(ScheduleKind.CONSTANT, 0).describe());
    }

    @Test
    void loss_should_reject_label_smoothing_outside_zero_to_one_and_describe_its_adjustments() {
        assertConfigurationError("labelSmoothing", "<labelSmoothing> must be in [0, 1), not 1.0",
                () -> new LossOptions(1f, ClassWeights.NONE));
        LossOptions plain = new LossOptions(0f, ClassWeights.NONE);
        assertTrue(plain.isPlain());
        assertEquals("cross-entropy", plain.describe());
        LossOptions adjusted = new LossOptions(0.1f, ClassWeights.parse("balanced"));
        assertEquals(List.of("label smoothing 0.1", "class weights balanced"), adjusted.adjustments());
        assertEquals("cross-entropy with label smoothing 0.1, class weights balanced", adjusted.describe());
    }

    @Test
    void input_should_reject_a_non_positive_size_and_describe_itself() {
        assertConfigurationError("imageSize", "<imageSize> must be positive",
                () -> new InputOptions(0, 28, null, null, PixelLimit.DEFAULT));
        assertEquals("size auto, color auto, fitted as the base says, at most 67108864 pixels a file",
                new InputOptions(null, null, null, null, PixelLimit.DEFAULT).describe());
        assertEquals("size 28x32, color grayscale, center-cropped, at most 1000 pixels a file",
                new InputOptions(28, 32, true, true, new PixelLimit(1000)).describe());
    }

    @Test
    void output_should_describe_where_it_writes() {
        OutputOptions output = new OutputOptions(Path.of("m.zip"), Path.of("r"), Path.of("w"),
                Instant.parse("1980-02-01T00:00:00Z"), "model");
        assertEquals("archive m.zip (model model), reports in r, work files in w, entries stamped 1980-02-01T00:00:00Z",
                output.describe());
    }

    @Test
    void request_should_hand_its_groups_the_builder_values() {
        TrainingRequest request = TestData.request(Path.of("out"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.digitFolders())
                .optEpochs(5).optOptimizer(OptimizerKind.SGD).optLearningRate(0.02f).optMomentum(0.5f).optNesterov(true)
                .optSchedule(ScheduleKind.ONE_CYCLE).optWarmupEpochs(2).optLabelSmoothing(0.2f)
                .optInput(32, 24, false).optCenterCrop(true).optMaxImagePixels(5000).optModelName("m").build();

        assertEquals(new OptimizerOptions(OptimizerKind.SGD, 0.02f, 0.5f, true, null), request.getOptimizerOptions());
        assertEquals(new ScheduleOptions(ScheduleKind.ONE_CYCLE, 2), request.getScheduleOptions());
        assertEquals(new LossOptions(0.2f, ClassWeights.NONE), request.getLossOptions());
        assertEquals(new InputOptions(32, 24, false, true, new PixelLimit(5000)), request.getInputOptions());
        assertEquals("m", request.getOutputOptions().modelName());
        assertEquals(Path.of("out").resolve("test-model.zip"), request.getArchiveFile());
    }

    /** The request travels to a worker process as JSON: Gson must be able to write and read it back. */
    @Test
    void request_should_survive_a_gson_round_trip() {
        TrainingRequest request = TestData.request(Path.of("out"),
                new BaseModelSpec(BaseModelSpec.Kind.ARCHITECTURE, "resnet20", null), TestData.digitFolders())
                .optEpochs(5).optOptimizer(OptimizerKind.SGD).optMomentum(0.5f).optSchedule(ScheduleKind.COSINE)
                .optWarmupEpochs(1).optClassWeights(ClassWeights.parse("balanced"))
                .optFineTuning(new FineTuning("stage2", null, 2, null, false)).build();
        Gson gson = new GsonBuilder().registerTypeHierarchyAdapter(Path.class, new PathAdapter())
                .registerTypeAdapter(Instant.class, new InstantAdapter()).create();

        TrainingRequest back = gson.fromJson(gson.toJson(request), TrainingRequest.class);

        assertEquals(request.modelSettings(), back.modelSettings());
        assertEquals(request.reportSettings(), back.reportSettings());
        assertEquals(request.getOutputOptions(), back.getOutputOptions());
    }

    @Test
    void groups_should_hold_concrete_types_only() {
        for (Class<?> group : List.of(OptimizerOptions.class, ScheduleOptions.class, LossOptions.class,
                InputOptions.class, OutputOptions.class)) {
            for (Field field : group.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Class<?> type = field.getType();
                assertTrue(type.isPrimitive() || type.isEnum() || Modifier.isFinal(type.getModifiers())
                        || type == Path.class, group.getSimpleName() + "." + field.getName() + " is a " + type);
            }
        }
    }

    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            out.value(value == null ? null : value.toString());
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            return Path.of(in.nextString());
        }
    }

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            return Instant.parse(in.nextString());
        }
    }
}
