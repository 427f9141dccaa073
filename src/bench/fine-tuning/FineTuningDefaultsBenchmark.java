import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.FineTuning;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * Fine-tuning's default learning rate against fixed rates, after the same head: the blocks after
 * {@code stage2} of the base unfrozen, trained until the validation loss stops improving, each model
 * scored once on a test folder nobody trained or selected on.
 *
 * <p>Settings: the head with its defaults (a range-tested rate, until converged), then fine-tuning at
 * its default rate (a tenth of the head's) or at a fixed rate of a small grid; and the head fitted by
 * L-BFGS, then fine-tuning at its default (a tenth of the rate a range test finds for that head).
 * Usage as {@code HeadDefaultsBenchmark}.
 */
public final class FineTuningDefaultsBenchmark {

    private static final float[] RATES = {1e-4f, 3e-4f, 1e-3f, 3e-3f};

    record Run(double test, double validation, float rate, boolean keptHead, int epochs, double seconds) {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path work = Path.of(args[1]);
        System.out.printf(Locale.ROOT, "%-10s %-44s %8s %8s %9s %5s %6s %8s%n", "data set", "fine-tuning setting",
                "test acc", "val acc", "ft rate", "kept", "epochs", "seconds");
        for (int i = 2; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            Path data = Path.of(args[i].substring(args[i].indexOf('=') + 1));
            Run headOnly = run(base, work.resolve(name + "/head"), data, HeadSolver.SGD, null, false);
            print(name, "none (the head alone, sgd defaults)", headOnly);
            print(name, String.format(Locale.ROOT, "default: a tenth of the head's %.3g", headOnly.rate()),
                    run(base, work.resolve(name + "/default"), data, HeadSolver.SGD, null, true));
            for (float rate : RATES) {
                print(name, "fixed " + rate, run(base, work.resolve(name + "/lr" + rate), data, HeadSolver.SGD, rate,
                        true));
            }
            print(name, "after an lbfgs head: default (a tenth)", run(base, work.resolve(name + "/lbfgs"), data,
                    HeadSolver.LBFGS, null, true));
        }
    }

    private static void print(String name, String setting, Run r) {
        System.out.printf(Locale.ROOT, "%-10s %-44s %8.4f %8.4f %9.3g %5s %6d %8.1f%n", name, setting, r.test(),
                r.validation(), r.rate(), r.keptHead() ? "yes" : "no", r.epochs(), r.seconds());
        System.out.flush();
    }

    private static Run run(Path base, Path out, Path data, HeadSolver solver, Float fineTuningRate, boolean tune)
            throws Exception {
        Files.createDirectories(out);
        TrainingRequest.Builder builder = TrainingRequest.builder()
                .setBaseModel(new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null))
                .setDataset(new DatasetSpec(DatasetSpec.Format.FOLDER, data.resolve("train"),
                        data.resolve("validation"), null, null, null, null, null, null))
                .optHeadSolver(solver).optForce(true)
                .setArchiveFile(out.resolve("model.zip")).setReportDirectory(out.resolve("transfer"))
                .setWorkDirectory(out.resolve("work"));
        if (tune) {
            builder.optFineTuning(new FineTuning("stage2", null, null, fineTuningRate, false));
        }
        long start = System.nanoTime();
        TrainingResult result = new TransferTraining(builder.build(), null, TrainingEvents.NONE, "bench").run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double test = new ModelEvaluation(TrainingEvents.NONE).evaluate(result.archive(),
                TestSet.folder(data.resolve("test")).load()).accuracy();
        JsonObject training = manifest(result.archive()).getAsJsonObject("training");
        float rate = Float.NaN;
        boolean kept = false;
        int epochs = 0;
        if (tune) {
            JsonObject tuning = training.getAsJsonObject("fineTuning");
            rate = tuning.get("learningRate").getAsFloat();
            kept = tuning.get("keptHeadModel").getAsBoolean();
            epochs = tuning.get("epochsRun").getAsInt();
        } else if (training.has("learningRate") && !training.get("learningRate").isJsonNull()) {
            rate = training.get("learningRate").getAsFloat();
        }
        return new Run(test, result.validationAccuracy(), rate, kept, epochs, seconds);
    }

    private static JsonObject manifest(Path archive) throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return JsonParser.parseString(new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }
}
