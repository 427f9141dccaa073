package io.github.transferml.transfer.config;

import java.util.Objects;

/**
 * How the learning rate changes within a phase: the POM's {@code <schedule>} and {@code <warmupEpochs>}.
 *
 * @param kind the schedule
 * @param warmupEpochs epochs of linear warm-up at the start of each phase (one-cycle: default 30% of the steps)
 */
public record ScheduleOptions(ScheduleKind kind, int warmupEpochs) {

    /** Validates what does not depend on other options. */
    public ScheduleOptions {
        Objects.requireNonNull(kind, "schedule");
    }

    /**
     * Checks the warm-up against the phase's length.
     *
     * @param epochs the head phase's epochs
     * @throws ConfigurationException naming {@code warmupEpochs}
     */
    public void checkWithin(int epochs) {
        if (warmupEpochs < 0 || warmupEpochs >= epochs && warmupEpochs > 0) {
            throw new ConfigurationException("warmupEpochs", "must be 0 or more and less than epochs (" + epochs
                    + "), not " + warmupEpochs);
        }
    }

    /**
     * Checks the warm-up against a later phase's length: warm-up restarts at the start of every
     * phase, so a phase no longer than its warm-up never reaches the full rate.
     *
     * @param phase the phase's POM element, e.g. {@code fineTuning}
     * @param epochs the phase's epochs
     * @throws ConfigurationException naming {@code warmupEpochs}
     */
    public void checkWithinPhase(String phase, int epochs) {
        if (warmupEpochs > 0 && warmupEpochs >= epochs) {
            throw new ConfigurationException("warmupEpochs", "is " + warmupEpochs + ", but warm-up restarts in every"
                    + " phase and <" + phase + "> has only " + epochs + " epochs; make warmupEpochs less than " + epochs
                    + " or give " + phase + ".epochs more than " + warmupEpochs);
        }
    }

    /** @return e.g. {@code cosine, 2 warm-up epochs} */
    public String describe() {
        return kind.pomName() + (warmupEpochs > 0 ? ", " + warmupEpochs + " warm-up epochs" : "");
    }
}
