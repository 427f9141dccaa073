package io.github.transferml.transfer.report;

import io.github.transferml.transfer.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws learning curves, one figure per epoch, as PNG images of {@value #WIDTH}x{@value #HEIGHT}
 * pixels: training and validation series, an optional dotted line where fine-tuning starts, and an
 * optional dashed "baseline validation" series from a run of the same network trained from
 * scratch.
 *
 * <p>Drawing needs AWT but no display: unless {@code java.awt.headless} is already set, it is set
 * to {@code true} before the first chart. Text still needs fonts; where the JVM has none, AWT fails
 * with errors such as {@link InternalError} or {@link UnsatisfiedLinkError} from fontconfig, and
 * these methods throw {@link ChartException} instead.
 */
public final class LearningCurveChart {

    /** Width of every chart in pixels. */
    public static final int WIDTH = 720;

    /** Height of every chart in pixels. */
    public static final int HEIGHT = 360;

    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xff7f0e);
    private static final Color BASELINE = new Color(0x7f7f7f);
    private static final Color FINE_TUNING = new Color(0x2ca02c);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f);
    private static final BasicStroke DOTTED =
            new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);

    private LearningCurveChart() {}

    /**
     * Draws training and validation accuracy per epoch.
     *
     * @param history every epoch's figures, at least one
     * @param fineTuneStartEpoch the first epoch (from 1) of the fine-tuning phase, or {@code null};
     *     the line is drawn only if epochs of both phases are plotted
     * @param baseline the epochs of a from-scratch run whose validation accuracy to show, or {@code
     *     null} or empty
     * @return PNG bytes
     * @throws ChartException if AWT cannot draw, e.g. for lack of fonts
     * @throws IllegalArgumentException if {@code history} is empty
     */
    public static byte[] accuracy(List<EpochMetrics> history, Integer fineTuneStartEpoch, List<EpochMetrics> baseline)
            throws ChartException {
        return render("Accuracy", "accuracy", history, EpochMetrics::trainAccuracy,
                EpochMetrics::validationAccuracy, fineTuneStartEpoch, baseline, LearningCurveChart::png);
    }

    /**
     * Draws training and validation loss per epoch.
     *
     * @param history every epoch's figures, at least one
     * @param fineTuneStartEpoch the first epoch (from 1) of the fine-tuning phase, or {@code null};
     *     the line is drawn only if epochs of both phases are plotted
     * @param baseline the epochs of a from-scratch run whose validation loss to show, or {@code
     *     null} or empty
     * @return PNG bytes
     * @throws ChartException if AWT cannot draw, e.g. for lack of fonts
     * @throws IllegalArgumentException if {@code history} is empty
     */
    public static byte[] loss(List<EpochMetrics> history, Integer fineTuneStartEpoch, List<EpochMetrics> baseline)
            throws ChartException {
        return render("Loss", "loss", history, EpochMetrics::trainLoss, EpochMetrics::validationLoss,
                fineTuneStartEpoch, baseline, LearningCurveChart::png);
    }

    /** Writes a chart as an image; tests replace it to fail the way AWT does without fonts. */
    @FunctionalInterface
    interface Encoder {
        void encode(XYChart chart, OutputStream out) throws IOException;
    }

    private static void png(XYChart chart, OutputStream out) throws IOException {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Draws one chart of a training and a validation series; see {@link #accuracy}. */
    static byte[] render(String title, String yTitle, List<EpochMetrics> history,
            ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> validation,
            Integer fineTuneStartEpoch, List<EpochMetrics> baseline, Encoder encoder) throws ChartException {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("history must hold at least one epoch to draw learning curves.");
        }
        List<EpochMetrics> base = baseline == null ? List.of() : baseline;
        useHeadlessAwt();
        try {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                    .xAxisTitle("epoch").yAxisTitle(yTitle).build();
            style(chart);
            add(chart, "train", history, train, TRAIN);
            add(chart, "validation", history, validation, VALIDATION);
            if (!base.isEmpty()) {
                XYSeries series = add(chart, "baseline validation", base, validation, BASELINE);
                series.setLineStyle(DASHED);
                series.setMarker(SeriesMarkers.NONE);
            }
            if (fineTuneStartEpoch != null && fineTuneStartEpoch > history.get(0).epoch()
                    && fineTuneStartEpoch <= history.get(history.size() - 1).epoch()) {
                addFineTuningLine(chart, fineTuneStartEpoch, history, base, train, validation);
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            encoder.encode(chart, png);
            return png.toByteArray();
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            // Font and native-library failures surface as assorted Errors and NullPointerExceptions deep in AWT.
            boolean awt = e instanceof Error || e instanceof NullPointerException;
            throw new ChartException("Cannot draw the " + yTitle + " chart: " + e + "."
                    + (awt ? " If this JVM has no fonts, install fontconfig and a font package (e.g. fontconfig and"
                            + " fonts-dejavu-core on Debian or Ubuntu)." : ""), e);
        }
    }

    /** A Maven build may run where no display exists; charts are drawn in memory only. */
    private static void useHeadlessAwt() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static void style(XYChart chart) {
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setPlotBorderColor(Color.LIGHT_GRAY)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendBorderColor(Color.WHITE)
                .setMarkerSize(6)
                .setAntiAlias(true);
        chart.getStyler()
                .setPlotGridLinesColor(new Color(0xe5e5e5))
                .setXAxisDecimalPattern("0.#")
                .setYAxisDecimalPattern("0.###");
    }

    private static XYSeries add(XYChart chart, String name, List<EpochMetrics> epochs,
            ToDoubleFunction<EpochMetrics> value, Color color) {
        double[] x = new double[epochs.size()];
        double[] y = new double[epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            x[i] = epochs.get(i).epoch();
            double v = value.applyAsDouble(epochs.get(i));
            // XChart rejects infinities but leaves a gap for NaN: a diverged epoch shows as a gap.
            y[i] = Double.isFinite(v) ? v : Double.NaN;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    /**
     * A vertical series between the two phases, spanning the plotted values so it does not change
     * the axes; as a series it is named in the legend.
     */
    private static void addFineTuningLine(XYChart chart, int fineTuneStartEpoch, List<EpochMetrics> history,
            List<EpochMetrics> baseline, ToDoubleFunction<EpochMetrics> train,
            ToDoubleFunction<EpochMetrics> validation) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (EpochMetrics e : history) {
            for (double v : new double[] {train.applyAsDouble(e), validation.applyAsDouble(e)}) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        for (EpochMetrics e : baseline) {
            double v = validation.applyAsDouble(e);
            if (Double.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (low > high) {
            return; // nothing finite to span
        }
        double x = fineTuneStartEpoch - 0.5;
        XYSeries line = chart.addSeries("fine-tuning", new double[] {x, x}, new double[] {low, high});
        line.setLineColor(FINE_TUNING);
        line.setLineStyle(DOTTED);
        line.setMarker(SeriesMarkers.NONE);
    }
}
