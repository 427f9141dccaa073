package io.github.transferml.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plateau rate's arithmetic; {@link TrainingOptionsTest} sees it lower a real phase's rate. */
class PlateauRateTest {

    @Test
    void reduce_should_scale_the_schedule_s_rate_by_a_tenth_twice_at_most() {
        PlateauRate rate = new PlateauRate(step -> step * 0.5f);

        assertEquals(2f, rate.getNewValue(4));
        assertEquals(2, rate.reductionsLeft());
        assertEquals(0.1f, rate.reduce(), 1e-9f);
        assertEquals(0.2f, rate.getNewValue(4), 1e-7f);
        rate.reduce();
        assertEquals(0.02f, rate.getNewValue(4), 1e-8f);
        assertEquals(0, rate.reductionsLeft());
    }
}
