package io.github.transferml.transfer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.transferml.transfer.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LearningCurveChartTest {

    static final List<EpochMetrics> HISTORY = history(6, 0.0);
    static final List<EpochMetrics> BASELINE = history(6, -0.2);

    /** Made-up curves: accuracy rises, loss falls; {@code shift} moves the validation accuracy. */
    static List<EpochMetrics> history(int epochs, double shift) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double progress = (double) e / epochs;
            history.add(new EpochMetrics(e, epochs, 2.0 - 1.5 * progress, 0.3 + 0.65 * progress,
                    2.1 - 1.4 * progress - shift, 0.3 + 0.6 * progress + shift, 1000, 1.5));
        }
        return history;
    }

    @Test
    void accuracy_should_render_a_png_of_the_fixed_size() throws Exception {
        BufferedImage image = decode(LearningCurveChart.accuracy(HISTORY, null, null));

        assertEquals(LearningCurveChart.WIDTH, image.getWidth());
        assertEquals(LearningCurveChart.HEIGHT, image.getHeight());
    }

    @Test
    void loss_should_render_a_png_of_the_fixed_size() throws Exception {
        BufferedImage image = decode(LearningCurveChart.loss(HISTORY, 4, BASELINE));

        assertEquals(720, image.getWidth());
        assertEquals(360, image.getHeight());
    }

    @Test
    void accuracy_should_draw_the_fine_tuning_marker_and_the_baseline() throws Exception {
        byte[] plain = LearningCurveChart.accuracy(HISTORY, null, List.of());
        byte[] withMarker = LearningCurveChart.accuracy(HISTORY, 4, null);
        byte[] withBoth = LearningCurveChart.accuracy(HISTORY, 4, BASELINE);

        assertFalse(Arrays.equals(pixels(plain), pixels(withMarker)));
        assertFalse(Arrays.equals(pixels(withMarker), pixels(withBoth)));
    }

    @Test
    void accuracy_should_leave_out_a_marker_outside_the_plotted_epochs() throws Exception {
        byte[] plain = LearningCurveChart.accuracy(HISTORY, null, null);

        assertArrayEquals(pixels(plain), pixels(LearningCurveChart.accuracy(HISTORY, 1, null)));
        assertArrayEquals(pixels(plain), pixels(LearningCurveChart.accuracy(HISTORY, 7, null)));
    }

    @Test
    void charts_should_draw_a_single_epoch() throws Exception {
        assertNotNull(decode(LearningCurveChart.loss(history(1, 0), 1, history(1, 0))));
    }

    @Test
    void loss_should_draw_a_diverged_run() throws Exception {
        List<EpochMetrics> diverged = new ArrayList<>(HISTORY);
        diverged.set(5, new EpochMetrics(6, 6, Double.NaN, 0.1, Double.POSITIVE_INFINITY, 0.1, 1000, 1.5));

        assertNotNull(decode(LearningCurveChart.loss(diverged, 4, null)));
    }

    @Test
    void charts_should_leave_gaps_for_epochs_without_figures() throws Exception {
        List<EpochMetrics> nothingFinite = List.of(
                new EpochMetrics(1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1000, 1.5));

        assertNotNull(decode(LearningCurveChart.loss(nothingFinite, null, null)));
    }

    @Test
    void render_should_turn_a_font_failure_into_a_chart_exception() {
        InternalError noFonts = new InternalError("Fontconfig head is null, check your fonts or fonts configuration");

        ChartException e = assertThrows(ChartException.class, () -> LearningCurveChart.render("Loss", "loss",
                HISTORY, EpochMetrics::trainLoss, EpochMetrics::validationLoss, null, null, (chart, out) -> {
                    throw noFonts;
                }));

        assertEquals("Cannot draw the loss chart: java.lang.InternalError: Fontconfig head is null, check your"
                + " fonts or fonts configuration. If this JVM has no fonts, install fontconfig and a font package"
                + " (e.g. fontconfig and fonts-dejavu-core on Debian or Ubuntu).",
                e.getMessage());
        assertSame(noFonts, e.getCause());
    }

    @Test
    void render_should_not_hide_running_out_of_memory() {
        assertThrows(OutOfMemoryError.class, () -> LearningCurveChart.render("Loss", "loss",
                HISTORY, EpochMetrics::trainLoss, EpochMetrics::validationLoss, null, null, (chart, out) -> {
                    throw new OutOfMemoryError("test");
                }));
    }

    @Test
    void accuracy_should_fail_without_epochs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurveChart.accuracy(List.of(), null, null));

        assertEquals("history must hold at least one epoch to draw learning curves.", e.getMessage());
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a readable PNG");
        return image;
    }

    private static int[] pixels(byte[] png) throws IOException {
        BufferedImage image = decode(png);
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
