package io.github.transferml.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.transferml.transfer.cache.FeatureCache;
import io.github.transferml.transfer.config.EarlyStopping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Fits a linear classifier on feature vectors exactly, as a linear probe is fitted: multinomial
 * logistic regression with an L2 penalty on the weights (not the bias), minimised by L-BFGS
 * (Nocedal and Wright, algorithm 7.4 with a backtracking Armijo line search) on standardised
 * features. The penalty's strength is chosen on validation along a path from strong to weak, each
 * fit starting from the one before, as scikit-learn's {@code LogisticRegressionCV} does. The loss is
 * the head phase's: cross-entropy with its label smoothing and class weights.
 *
 * <p>The arithmetic is Java's {@code double}, summed in a fixed order over fixed chunks of rows
 * whatever the number of threads, so a fit gives the same bits on every machine.
 */
final class LinearProbe {

    /** The penalties tried, strongest first: 1 to 1e-5 in half decades, on standardised features. */
    static final double[] PENALTIES = {1, 0.316, 0.1, 0.0316, 0.01, 0.00316, 0.001, 3.16e-4, 1e-4, 3.16e-5, 1e-5};

    /** The path stops after this many penalties in a row that do not beat the best. */
    static final int PATIENCE = 3;

    /** L-BFGS: pairs remembered, iterations per penalty at most, and scipy's default tolerances. */
    private static final int MEMORY = 10;
    private static final int MAX_ITERATIONS = 1000;
    private static final double GRADIENT_TOLERANCE = 1e-5;
    private static final double LOSS_TOLERANCE = 2.2e-9;

    /** Rows per chunk of the sums: fixed, so the order of additions does not depend on the threads. */
    private static final int CHUNK = 256;

    /**
     * Feature vectors with their labels.
     *
     * @param values the vectors, row after row
     * @param labels one label per row
     * @param dimension the length of one vector
     */
    record Rows(float[] values, int[] labels, int dimension) {

        Rows {
            if ((long) labels.length * dimension != values.length) {
                throw new IllegalArgumentException(values.length + " values are not " + labels.length + " rows of "
                        + dimension);
            }
        }

        int count() {
            return labels.length;
        }
    }

    /**
     * One penalty's fit.
     *
     * @param penalty the L2 strength on standardised features
     * @param iterations the L-BFGS iterations it took
     * @param converged whether a tolerance ended it, not the iteration cap
     * @param trainLoss the training loss, penalty excluded (smoothing and class weights included)
     * @param trainAccuracy the training accuracy
     * @param validationLoss the validation loss (plain cross-entropy)
     * @param validationAccuracy the validation accuracy
     */
    record Step(double penalty, int iterations, boolean converged, double trainLoss, double trainAccuracy,
            double validationLoss, double validationAccuracy) {

        /** @return a log line */
        String describe() {
            return String.format(Locale.ROOT, "L2 %.3g: %d iterations%s, train loss %.4f, accuracy %.4f | validation"
                    + " loss %.4f, accuracy %.4f", penalty, iterations, converged ? "" : " (cap reached)", trainLoss,
                    trainAccuracy, validationLoss, validationAccuracy);
        }

        double value(EarlyStopping.Metric metric) {
            return metric == EarlyStopping.Metric.VALIDATION_LOSS ? validationLoss : validationAccuracy;
        }
    }

    /**
     * The chosen classifier, in the features' own scale.
     *
     * @param weight the weights, one row of {@code dimension} per class, as DJL's {@code Linear} holds them
     * @param bias one bias per class
     * @param chosen the chosen penalty's fit
     * @param path every penalty's fit, in the order tried
     * @param metric the validation figure that chose
     */
    record Result(float[] weight, float[] bias, Step chosen, List<Step> path, EarlyStopping.Metric metric) {

        /** @return e.g. {@code L2 0.01 chosen on validationLoss from 7 penalties (184 L-BFGS iterations in all)} */
        String describe() {
            return String.format(Locale.ROOT, "L2 %.3g chosen on %s from %d penalties (%d L-BFGS iterations in all)",
                    chosen.penalty(), metric.pomName(), path.size(),
                    path.stream().mapToInt(Step::iterations).sum());
        }
    }

    /**
     * The vectors the head's classifier sees: cached rows as the head's pooling makes them (a feature
     * map of channels x height x width averaged over its positions; anything else flattened).
     *
     * @param manager holds temporary arrays
     * @param cache the cached rows
     * @param labels one label per row
     * @return the vectors
     */
    static Rows vectors(NDManager manager, FeatureCache cache, int[] labels) {
        int rows = cache.rows();
        boolean pooled = cache.rowShape().dimension() == 3;
        int dimension = Math.toIntExact(pooled ? cache.rowShape().get(0) : cache.rowShape().size());
        if ((long) rows * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " vectors of " + dimension + " features are too many for"
                    + " <solver>lbfgs</solver>, which holds them in memory; use <solver>sgd</solver>.");
        }
        float[] values = new float[rows * dimension];
        for (int from = 0; from < rows; from += 1024) {
            int[] batch = IntStream.range(from, Math.min(rows, from + 1024)).toArray();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = cache.gather(scope, batch);
                NDArray vectors = pooled ? x.reshape(batch.length, dimension, -1).mean(new int[] {2})
                        : x.reshape(batch.length, dimension);
                float[] v = vectors.toFloatArray();
                System.arraycopy(v, 0, values, from * dimension, v.length);
            }
        }
        return new Rows(values, labels.clone(), dimension);
    }

    /**
     * Puts a fit into a linear head: its only trainable parameters, the classifier's weight and bias.
     *
     * @param head the head (after its pooling, or with it: pooling holds no parameters)
     * @param fit the fit
     */
    static void setClassifier(Block head, Result fit) {
        List<Parameter> trained = new ArrayList<>();
        for (Pair<String, Parameter> parameter : head.getParameters()) {
            if (parameter.getValue().requiresGradient()) {
                trained.add(parameter.getValue());
            }
        }
        if (trained.size() != 2 || trained.get(0).getArray().size() != fit.weight().length
                || trained.get(1).getArray().size() != fit.bias().length) {
            throw new IllegalStateException("Not a linear head: " + trained.size() + " trained parameters");
        }
        trained.get(0).getArray().set(fit.weight());
        trained.get(1).getArray().set(fit.bias());
    }

    private final int classes;
    private final float smoothing;
    private final float[] classWeights;
    private final EarlyStopping.Metric metric;

    /**
     * @param classes the number of classes
     * @param smoothing label smoothing ε in [0, 1)
     * @param classWeights one weight per class, or null for equal weights
     * @param metric the validation figure that chooses the penalty
     */
    LinearProbe(int classes, float smoothing, float[] classWeights, EarlyStopping.Metric metric) {
        this.classes = classes;
        this.smoothing = smoothing;
        this.classWeights = classWeights;
        this.metric = metric;
    }

    /**
     * Fits along the penalty path and keeps the best on validation.
     *
     * @param train the training vectors
     * @param validation the validation vectors
     * @param progress told of each penalty's fit
     * @return the chosen classifier
     */
    Result fit(Rows train, Rows validation, java.util.function.Consumer<Step> progress) {
        int d = train.dimension();
        double[] mean = new double[d];
        double[] scale = new double[d];
        standardisation(train, mean, scale);
        double[] x = standardised(train, mean, scale);
        double[] xv = standardised(validation, mean, scale);
        double[] theta = new double[classes * d + classes];
        double[] best = null;
        Step bestStep = null;
        List<Step> path = new ArrayList<>();
        int worse = 0;
        for (double penalty : PENALTIES) {
            Objective objective = new Objective(x, train.labels(), d, penalty);
            Minimum minimum = minimise(objective, theta);
            theta = minimum.theta;
            Step step = new Step(penalty, minimum.iterations, minimum.converged, objective.dataLoss(theta),
                    accuracy(theta, x, train.labels(), d), plainLoss(theta, xv, validation.labels(), d),
                    accuracy(theta, xv, validation.labels(), d));
            path.add(step);
            progress.accept(step);
            if (bestStep == null || metric.better(step.value(metric), bestStep.value(metric))) {
                bestStep = step;
                best = theta.clone();
                worse = 0;
            } else if (++worse >= PATIENCE) {
                break;
            }
        }
        // Back to the features' own scale: w·(x - μ)/σ + b = (w/σ)·x + (b - Σ w μ/σ).
        float[] weight = new float[classes * d];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            double b = best[classes * d + c];
            for (int j = 0; j < d; j++) {
                double w = best[c * d + j] / scale[j];
                weight[c * d + j] = (float) w;
                b -= w * mean[j];
            }
            bias[c] = (float) b;
        }
        return new Result(weight, bias, bestStep, path, metric);
    }

    private static void standardisation(Rows rows, double[] mean, double[] scale) {
        int n = rows.count();
        int d = rows.dimension();
        float[] v = rows.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] squares = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double centred = v[i * d + j] - mean[j];
                squares[j] += centred * centred;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(squares[j] / n);
            scale[j] = sd > 1e-12 ? sd : 1; // a constant feature stays as it is (and centred, zero)
        }
    }

    private static double[] standardised(Rows rows, double[] mean, double[] scale) {
        int d = rows.dimension();
        float[] v = rows.values();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - mean[i % d]) / scale[i % d];
        }
        return out;
    }

    /** The logits of one row into {@code z}. */
    private void logits(double[] theta, double[] x, int row, int d, double[] z) {
        int offset = row * d;
        for (int c = 0; c < classes; c++) {
            double s = theta[classes * d + c];
            int w = c * d;
            for (int j = 0; j < d; j++) {
                s += theta[w + j] * x[offset + j];
            }
            z[c] = s;
        }
    }

    /** Turns logits into log-probabilities in place (log-softmax, shifted by the largest logit). */
    private void logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        for (int c = 0; c < z.length; c++) {
            z[c] -= log;
        }
    }

    private double plainLoss(double[] theta, double[] x, int[] labels, int d) {
        double[] z = new double[classes];
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            logits(theta, x, i, d, z);
            logSoftmax(z);
            sum -= z[labels[i]];
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    private double accuracy(double[] theta, double[] x, int[] labels, int d) {
        double[] z = new double[classes];
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            logits(theta, x, i, d, z);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[c] > z[best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }

    /** The penalised training loss and its gradient, over fixed chunks of rows. */
    final class Objective {
        private final double[] x;
        private final int[] labels;
        private final int d;
        private final double penalty;
        private final double weightSum;
        private final int chunks;
        /** One gradient and loss per chunk evaluated at once, reused by every evaluation. */
        private final double[][] partialGradients;
        private final double[] partialLosses;

        Objective(double[] x, int[] labels, int d, double penalty) {
            this.x = x;
            this.labels = labels;
            this.d = d;
            this.penalty = penalty;
            double sum = 0;
            for (int label : labels) {
                sum += classWeights == null ? 1 : classWeights[label];
            }
            this.weightSum = sum;
            this.chunks = (labels.length + CHUNK - 1) / CHUNK;
            int parallel = Math.max(1, Math.min(chunks, Runtime.getRuntime().availableProcessors()));
            this.partialGradients = new double[parallel][size()];
            this.partialLosses = new double[parallel];
        }

        int size() {
            return classes * d + classes;
        }

        /** The loss without the penalty. */
        double dataLoss(double[] theta) {
            return evaluate(theta, new double[size()]) - penaltyOf(theta);
        }

        private double penaltyOf(double[] theta) {
            double squares = 0;
            for (int i = 0; i < classes * d; i++) {
                squares += theta[i] * theta[i];
            }
            return penalty / 2 * squares;
        }

        /**
         * @param theta the weights, then the biases
         * @param gradient receives the gradient
         * @return the penalised loss
         */
        double evaluate(double[] theta, double[] gradient) {
            int parallel = partialLosses.length;
            Arrays.fill(gradient, 0);
            double loss = 0;
            for (int first = 0; first < chunks; first += parallel) {
                int start = first;
                int count = Math.min(parallel, chunks - first);
                IntStream.range(0, count).parallel().forEach(k -> {
                    Arrays.fill(partialGradients[k], 0);
                    partialLosses[k] = chunk(theta, start + k, partialGradients[k]);
                });
                for (int k = 0; k < count; k++) { // in chunk order: the same sum on any machine
                    loss += partialLosses[k];
                    double[] g = partialGradients[k];
                    for (int i = 0; i < g.length; i++) {
                        gradient[i] += g[i];
                    }
                }
            }
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] /= weightSum;
            }
            for (int i = 0; i < classes * d; i++) {
                gradient[i] += penalty * theta[i];
            }
            return loss / weightSum + penaltyOf(theta);
        }

        /** One chunk's summed loss, its gradient added into {@code gradient} (not yet divided by the weight sum). */
        private double chunk(double[] theta, int chunk, double[] gradient) {
            double[] z = new double[classes];
            double[] target = new double[classes];
            double loss = 0;
            int end = Math.min(labels.length, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                logits(theta, x, i, d, z);
                logSoftmax(z);
                // PyTorch's weighted, smoothed target: each class's share of it times that class's weight.
                double targetSum = 0;
                for (int c = 0; c < classes; c++) {
                    double share = smoothing / classes + (c == labels[i] ? 1 - smoothing : 0);
                    target[c] = classWeights == null ? share : share * classWeights[c];
                    targetSum += target[c];
                    loss -= target[c] * z[c];
                }
                int offset = i * d;
                for (int c = 0; c < classes; c++) {
                    double residual = targetSum * Math.exp(z[c]) - target[c];
                    if (residual == 0) {
                        continue;
                    }
                    int w = c * d;
                    for (int j = 0; j < d; j++) {
                        gradient[w + j] += residual * x[offset + j];
                    }
                    gradient[classes * d + c] += residual;
                }
            }
            return loss;
        }
    }

    /**
     * A minimum.
     *
     * @param theta where it is
     * @param iterations the iterations it took
     * @param converged whether a tolerance ended the search, not the cap
     */
    record Minimum(double[] theta, int iterations, boolean converged) {}

    /** L-BFGS from {@code start}: two-loop recursion, backtracking Armijo line search. */
    static Minimum minimise(Objective objective, double[] start) {
        int n = start.length;
        double[] theta = start.clone();
        double[] gradient = new double[n];
        double loss = objective.evaluate(theta, gradient);
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] alpha = new double[MEMORY];
        double[] nextTheta = new double[n];
        double[] nextGradient = new double[n];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            if (maxAbs(gradient) <= GRADIENT_TOLERANCE) {
                return new Minimum(theta, iteration, true);
            }
            // Two-loop recursion: direction = -H·gradient.
            for (int i = 0; i < n; i++) {
                direction[i] = -gradient[i];
            }
            for (int k = 0; k < stored; k++) {
                int m = Math.floorMod(newest - k, MEMORY);
                alpha[m] = rho[m] * dot(s[m], direction);
                axpy(-alpha[m], y[m], direction);
            }
            double gamma = stored == 0 ? 1 / Math.max(1, norm(gradient)) : dot(s[newest], y[newest])
                    / dot(y[newest], y[newest]);
            for (int i = 0; i < n; i++) {
                direction[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int m = Math.floorMod(newest - k, MEMORY);
                double beta = rho[m] * dot(y[m], direction);
                axpy(alpha[m] - beta, s[m], direction);
            }
            double slope = dot(gradient, direction);
            if (!(slope < 0)) { // not a descent direction: forget the curvature pairs, go down the gradient
                stored = 0;
                for (int i = 0; i < n; i++) {
                    direction[i] = -gradient[i] / Math.max(1, norm(gradient));
                }
                slope = dot(gradient, direction);
            }
            double step = 1;
            double nextLoss = Double.NaN;
            boolean accepted = false;
            for (int halvings = 0; halvings < 40; halvings++) {
                for (int i = 0; i < n; i++) {
                    nextTheta[i] = theta[i] + step * direction[i];
                }
                nextLoss = objective.evaluate(nextTheta, nextGradient);
                if (nextLoss <= loss + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted) { // no decrease left to find at double precision
                return new Minimum(theta, iteration, true);
            }
            int slot = (newest + 1) % MEMORY;
            double[] sNew = new double[n];
            double[] yNew = new double[n];
            for (int i = 0; i < n; i++) {
                sNew[i] = nextTheta[i] - theta[i];
                yNew[i] = nextGradient[i] - gradient[i];
            }
            double curvature = dot(sNew, yNew);
            if (curvature > 1e-10 * dot(yNew, yNew)) {
                s[slot] = sNew;
                y[slot] = yNew;
                rho[slot] = 1 / curvature;
                newest = slot;
                stored = Math.min(MEMORY, stored + 1);
            }
            double decrease = loss - nextLoss;
            System.arraycopy(nextTheta, 0, theta, 0, n);
            System.arraycopy(nextGradient, 0, gradient, 0, n);
            double previous = loss;
            loss = nextLoss;
            if (decrease <= LOSS_TOLERANCE * Math.max(1, Math.max(Math.abs(previous), Math.abs(loss)))) {
                return new Minimum(theta, iteration + 1, true);
            }
        }
        return new Minimum(theta, MAX_ITERATIONS, false);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
