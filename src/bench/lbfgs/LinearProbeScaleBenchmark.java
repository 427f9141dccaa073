package io.github.transferml.transfer.train;

import io.github.transferml.transfer.config.EarlyStopping;
import java.util.Locale;
import java.util.Random;

/**
 * What the exact linear head ({@code <solver>lbfgs</solver>}) costs as the cached features grow:
 * synthetic Gaussian blobs of {@code rows} vectors of {@code features} in 10 classes, the seconds of
 * one evaluation of the loss and its gradient, and of the whole penalty path. In the plugin's
 * package, as the solver is package-private.
 *
 * <p>Usage: {@code LinearProbeScaleBenchmark rows:features ...}
 */
public final class LinearProbeScaleBenchmark {

    private static final int CLASSES = 10;

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%8s %8s %8s %14s %10s %10s %10s%n", "rows", "features", "classes",
                "s/evaluation", "path s", "penalties", "iterations");
        for (String arg : args) {
            int rows = Integer.parseInt(arg.substring(0, arg.indexOf(':')));
            int features = Integer.parseInt(arg.substring(arg.indexOf(':') + 1));
            LinearProbe.Rows train = blobs(rows, features, 1);
            LinearProbe.Rows validation = blobs(Math.max(CLASSES, rows / 5), features, 2);
            LinearProbe probe = new LinearProbe(CLASSES, 0f, null, EarlyStopping.Metric.VALIDATION_LOSS);
            double[] x = new double[train.values().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = train.values()[i];
            }
            LinearProbe.Objective objective = probe.new Objective(x, train.labels(), features, 0.01);
            double[] theta = new double[objective.size()];
            double[] gradient = new double[theta.length];
            objective.evaluate(theta, gradient); // warm the JIT
            int evaluations = 5;
            long start = System.nanoTime();
            for (int i = 0; i < evaluations; i++) {
                objective.evaluate(theta, gradient);
            }
            double perEvaluation = (System.nanoTime() - start) / 1e9 / evaluations;
            start = System.nanoTime();
            LinearProbe.Result fit = probe.fit(train, validation, step -> {});
            double path = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%8d %8d %8d %14.3f %10.1f %10d %10d%n", rows, features, CLASSES,
                    perEvaluation, path, fit.path().size(),
                    fit.path().stream().mapToInt(LinearProbe.Step::iterations).sum());
            System.out.flush();
        }
    }

    /** Overlapping Gaussian blobs: class centres 0.5 apart per feature, unit noise. */
    private static LinearProbe.Rows blobs(int rows, int features, long seed) {
        Random centres = new Random(99);
        double[][] centre = new double[CLASSES][features];
        for (double[] c : centre) {
            for (int j = 0; j < features; j++) {
                c[j] = 0.5 * centres.nextGaussian();
            }
        }
        Random random = new Random(seed);
        float[] values = new float[rows * features];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < features; j++) {
                values[i * features + j] = (float) (centre[labels[i]][j] + random.nextGaussian());
            }
        }
        return new LinearProbe.Rows(values, labels, features);
    }
}
