import io.github.transferml.transfer.config.BaseModelSpec;
import io.github.transferml.transfer.config.DatasetSpec;
import io.github.transferml.transfer.config.HeadSolver;
import io.github.transferml.transfer.config.TrainingRequest;
import io.github.transferml.transfer.evaluate.ModelEvaluation;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.train.TrainingEvents;
import io.github.transferml.transfer.train.TrainingResult;
import io.github.transferml.transfer.train.TransferTraining;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * The head's defaults (epochs until the validation loss stops improving, a learning rate from a
 * range test) against a grid of fixed learning rates and epochs, on the same frozen base and data:
 * every run computes the same cached features (the frozen pass is deterministic), and each model
 * is scored once on a test folder nobody trained or selected on.
 *
 * <p>Usage: {@code HeadDefaultsBenchmark <base model> <work dir> <name>=<data dir> ...}, each data
 * dir holding {@code train/}, {@code validation/} and {@code test/} class folders.
 */
public final class HeadDefaultsBenchmark {

    private static final float[] RATES = {1e-4f, 3e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f};
    /** Fixed epochs, and null: until the validation loss stops improving, as the defaults train. */
    private static final Integer[] EPOCHS = {10, 30, 100, null};

    /** Seeds of the repeats that show how much of a difference is the seed's. */
    private static final long[] SEEDS = {42, 43, 44};

    /** With {@code SOLVERS_ONLY=true}: the defaults (three seeds) against the exact fit, without the grid. */
    private static final boolean SOLVERS_ONLY = Boolean.parseBoolean(System.getenv("SOLVERS_ONLY"));

    record Run(String name, Float rate, Integer epochs, double test, double validation, double seconds, int ran,
            float rateUsed) {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path work = Path.of(args[1]);
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "%-10s %-36s %8s %8s %9s %6s%n", "data set", "setting", "test acc", "val acc", "head s", "epochs"));
        for (int i = 2; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            Path data = Path.of(args[i].substring(args[i].indexOf('=') + 1));
            List<Run> grid = new ArrayList<>();
            Run defaults = run(base, work.resolve(name + "/defaults"), data, null, null, SEEDS[0], HeadSolver.SGD);
            log(defaults, name);
            // The exact fit of the same linear head: no rate, no epochs; deterministic, so one seed tells all.
            Run lbfgs = run(base, work.resolve(name + "/lbfgs"), data, null, null, SEEDS[0], HeadSolver.LBFGS);
            System.out.print(row(name, "lbfgs", lbfgs));
            if (SOLVERS_ONLY) {
                double[] d = new double[SEEDS.length];
                d[0] = defaults.test;
                for (int k = 1; k < SEEDS.length; k++) {
                    d[k] = run(base, work.resolve(name + "/defaults-seed" + SEEDS[k]), data, null, null, SEEDS[k],
                            HeadSolver.SGD).test;
                }
                summary.append(row(name, "defaults (sgd)", defaults));
                summary.append(row(name, "lbfgs", lbfgs));
                summary.append(String.format(Locale.ROOT, "%-10s lbfgs - defaults = %+.4f; over seeds %s: defaults"
                        + " %.4f ± %.4f; time lbfgs/defaults = %.2fx%n", name, lbfgs.test - defaults.test,
                        java.util.Arrays.toString(SEEDS), mean(d), sd(d), lbfgs.seconds / defaults.seconds));
                continue;
            }
            for (float rate : RATES) {
                for (Integer epochs : EPOCHS) {
                    Run r = run(base, work.resolve(name + "/lr" + rate + "-e" + epochs), data, rate, epochs, SEEDS[0],
                            HeadSolver.SGD);
                    grid.add(r);
                    log(r, name);
                }
            }
            Run bestTest = grid.stream().max((a, b) -> Double.compare(a.test, b.test)).orElseThrow();
            Run bestValidation = grid.stream().max((a, b) -> Double.compare(a.validation, b.validation)).orElseThrow();
            Run fastestNearBest = grid.stream().filter(r -> r.test >= bestTest.test - 0.01)
                    .min((a, b) -> Double.compare(a.seconds, b.seconds)).orElseThrow();
            Run fastest = grid.stream().min((a, b) -> Double.compare(a.seconds, b.seconds)).orElseThrow();
            summary.append(row(name, "defaults (" + String.format(Locale.ROOT, "lr %.3g", defaults.rateUsed) + ")",
                    defaults));
            summary.append(row(name, "lbfgs", lbfgs));
            summary.append(row(name, "grid best on test: " + setting(bestTest), bestTest));
            summary.append(row(name, "grid best on val: " + setting(bestValidation), bestValidation));
            summary.append(row(name, "fastest within 1pt: " + setting(fastestNearBest), fastestNearBest));
            summary.append(row(name, "fastest: " + setting(fastest), fastest));
            summary.append(String.format(Locale.ROOT, "%-10s defaults - grid best = %+.4f; time defaults/fastest"
                    + " within 1pt = %.2fx%n", name, defaults.test - bestTest.test,
                    defaults.seconds / fastestNearBest.seconds));
            summary.append(String.format(Locale.ROOT, "%-10s lbfgs - grid best = %+.4f; lbfgs - defaults = %+.4f;"
                    + " time lbfgs/fastest within 1pt = %.2fx%n", name, lbfgs.test - bestTest.test,
                    lbfgs.test - defaults.test, lbfgs.seconds / fastestNearBest.seconds));
            // The same two settings under other seeds (initialisation, shuffling, dropout): the spread
            // says how much of the difference a seed alone makes.
            double[] d = new double[SEEDS.length];
            double[] g = new double[SEEDS.length];
            d[0] = defaults.test;
            g[0] = bestTest.test;
            for (int k = 1; k < SEEDS.length; k++) {
                d[k] = run(base, work.resolve(name + "/defaults-seed" + SEEDS[k]), data, null, null, SEEDS[k],
                        HeadSolver.SGD).test;
                g[k] = run(base, work.resolve(name + "/best-seed" + SEEDS[k]), data, bestTest.rate, bestTest.epochs,
                        SEEDS[k], HeadSolver.SGD).test;
            }
            summary.append(String.format(Locale.ROOT, "%-10s over seeds %s: defaults %.4f ± %.4f, grid best's setting"
                    + " %.4f ± %.4f (mean ± sd)%n", name, java.util.Arrays.toString(SEEDS), mean(d), sd(d), mean(g),
                    sd(g)));
        }
        System.out.println();
        System.out.print(summary);
    }

    private static String setting(Run r) {
        return String.format(Locale.ROOT, "lr %s, %s", r.rate, r.epochs == null ? "converge" : r.epochs + " ep");
    }

    private static String row(String name, String setting, Run r) {
        return String.format(Locale.ROOT, "%-10s %-36s %8.4f %8.4f %9.2f %6d%n", name, setting, r.test, r.validation,
                r.seconds, r.ran);
    }

    private static void log(Run r, String name) {
        System.out.print(row(name, r.rate == null ? "defaults" : setting(r), r));
        System.out.flush();
    }

    private static double mean(double[] x) {
        return java.util.Arrays.stream(x).average().orElse(Double.NaN);
    }

    private static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }

    private static Run run(Path base, Path out, Path data, Float rate, Integer epochs, long seed, HeadSolver solver)
            throws Exception {
        Files.createDirectories(out);
        TrainingRequest request = TrainingRequest.builder()
                .setBaseModel(new BaseModelSpec(BaseModelSpec.Kind.PATH, base.toString(), null))
                .setDataset(new DatasetSpec(DatasetSpec.Format.FOLDER, data.resolve("train"),
                        data.resolve("validation"), null, null, null, null, null, null))
                .optEpochs(epochs).optLearningRate(rate).optSeed(seed).optHeadSolver(solver).optForce(true) // every run trains: the code may have changed, not its version
                .setArchiveFile(out.resolve("model.zip")).setReportDirectory(out.resolve("transfer"))
                .setWorkDirectory(out.resolve("work"))
                .build();
        TrainingResult result = new TransferTraining(request, null, TrainingEvents.NONE, "bench").run();
        double test = new ModelEvaluation(TrainingEvents.NONE).evaluate(result.archive(),
                TestSet.folder(data.resolve("test")).load()).accuracy();
        float used = solver == HeadSolver.LBFGS ? Float.NaN : learningRate(result.archive());
        return new Run(out.getFileName().toString(), rate, epochs, test, result.validationAccuracy(),
                result.trainSeconds(), result.history().size(), used);
    }

    /** The rate the head trained at, as the archive records it. */
    private static float learningRate(Path archive) throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry("transfer.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("training").get("learningRate")
                    .getAsFloat();
        }
    }
}
