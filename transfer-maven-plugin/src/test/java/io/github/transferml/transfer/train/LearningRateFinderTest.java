package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The range test's arithmetic; {@link TrainingOptionsTest} runs it on real features. */
class LearningRateFinderTest {

    @Test
    void rates_should_grow_exponentially_from_the_first_to_the_last() {
        assertEquals(1e-6f, LearningRateFinder.rateAt(0), 1e-12f);
        assertEquals(1f, LearningRateFinder.rateAt(LearningRateFinder.STEPS - 1), 1e-6f);
        assertEquals(1e-3f, LearningRateFinder.rateAt((LearningRateFinder.STEPS - 1) / 2), 1e-4f);
    }

    @Test
    void suggest_should_take_the_steepest_fall_of_the_loss_against_log_rate() {
        float[] rates = new float[LearningRateFinder.STEPS];
        double[] losses = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = LearningRateFinder.rateAt(i);
            // A loss that falls from 2.3 to 0.3 around 1e-3 (a logistic step in log10 of the rate), then climbs.
            double x = Math.log10(rates[i]);
            losses[i] = 0.3 + 2.0 / (1 + Math.exp(3 * (x + 3))) + Math.max(0, x + 1) * 5;
        }
        float suggested = LearningRateFinder.suggest(rates, losses);
        assertEquals(-3, Math.log10(suggested), 0.05, "suggested " + suggested);
    }

    @Test
    void suggest_should_fall_back_to_a_tenth_of_the_lowest_loss_when_the_sweep_diverged_at_once() {
        float[] rates = {1e-4f, 2e-4f, 4e-4f, 8e-4f, 1.6e-3f};
        double[] losses = {2.3, 2.2, 2.1, 5, Double.NaN};
        assertEquals(4e-5f, LearningRateFinder.suggest(rates, losses), 1e-10f);
    }
}
