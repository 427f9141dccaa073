package io.github.transferml.transfer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the learning rate changes over the steps of a training phase. */
public enum ScheduleKind {
    /** The same rate throughout (after any warm-up). */
    CONSTANT,
    /** Cosine annealing from the rate to zero (after any warm-up). */
    COSINE,
    /**
     * One cycle (Smith): up from a 25th of the rate to the rate over the warm-up (default: the first
     * 30% of the steps), then cosine annealing down to a 10,000th of the rate.
     */
    ONE_CYCLE;

    /**
     * Parses a name as written in the POM: {@code constant}, {@code cosine}, {@code one-cycle}.
     *
     * @param name the name
     * @return the schedule
     * @throws ConfigurationException if the name is not known
     */
    public static ScheduleKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("schedule", "'" + name + "' is not known; use one of "
                    + Arrays.stream(values()).map(ScheduleKind::pomName).collect(Collectors.joining(", ")));
        }
    }

    /** @return the name as written in the POM */
    public String pomName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
