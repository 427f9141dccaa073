package io.github.transferml.transfer.predict;

import io.github.transferml.transfer.util.Csv;
import ai.djl.modality.Classifications.Classification;
import java.math.BigDecimal;
import java.util.List;

/**
 * The layout of {@code predictions.csv}: one row per image,
 *
 * <pre>
 * file,class,probability,class2,probability2,class3,probability3
 * 3/3_0000.png,sandal,0.61724985,bag,0.21371707,sneaker,0.0844512
 * </pre>
 *
 * <p>{@code file} is the image's path relative to the input folder, with {@code /} separators;
 * {@code class} and {@code probability} are the most likely class and its probability; {@code
 * classN} and {@code probabilityN} the N-th most likely, up to top-k. Probabilities are written in
 * full, as the model computed them (the shortest decimal that reads back as the same
 * {@code float}), with a {@code .} whatever the locale and never in exponent notation. Fields that
 * hold a comma, a double quote or a line break are quoted as RFC 4180 says. The file is UTF-8 with
 * {@code \n} line ends.
 */
final class PredictionCsv {

    private PredictionCsv() {}

    /**
     * @param k how many classes each row lists
     * @return the header line, with its line end
     */
    static String header(int k) {
        StringBuilder line = new StringBuilder("file,class,probability");
        for (int rank = 2; rank <= k; rank++) {
            line.append(",class").append(rank).append(",probability").append(rank);
        }
        return line.append('\n').toString();
    }

    /**
     * @param file the image's relative path
     * @param best the most likely classes, best first
     * @return the row, with its line end
     */
    static String row(String file, List<Classification> best) {
        StringBuilder line = new StringBuilder(field(file));
        for (Classification c : best) {
            line.append(',').append(field(c.getClassName())).append(',').append(probability(c.getProbability()));
        }
        return line.append('\n').toString();
    }

    /**
     * Quotes a field when it needs it (see {@link Csv#field}).
     *
     * @param text the value
     * @return the field
     */
    static String field(String text) {
        return Csv.field(text);
    }

    /**
     * Writes a probability without losing digits: DJL hands out {@code float} results as {@code
     * double}, whose own shortest form would show noise digits (0.8999999761581421 for 0.9f).
     *
     * @param p the probability
     * @return e.g. {@code 0.9}, {@code 0.00012345}, {@code 1}
     */
    static String probability(double p) {
        if (!Double.isFinite(p)) {
            return Double.toString(p); // NaN from a broken model: shown, not hidden
        }
        float f = (float) p;
        String digits = f == p ? Float.toString(f) : Double.toString(p);
        return new BigDecimal(digits).stripTrailingZeros().toPlainString();
    }
}
