package io.jobhistory.spi;

import java.time.Duration;
import java.util.Objects;

/** The retention settings every registry offers, with their defaults and checks in one place so backends agree. */
public final class Retention {

    /** Runs kept per job unless configured otherwise: 100. */
    public static final int DEFAULT_MAX_RUNS_PER_JOB = 100;
    /** How long a record lives after its last save unless configured otherwise: 30 days. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(30);

    private Retention() {
    }

    /**
     * Returns {@code maxRunsPerJob} if it is valid.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    public static int checkMaxRunsPerJob(int maxRunsPerJob) {
        if (maxRunsPerJob < 1) {
            throw new IllegalArgumentException("maxRunsPerJob must be at least 1, but was " + maxRunsPerJob);
        }
        return maxRunsPerJob;
    }

    /**
     * Returns {@code timeToLive} if it is valid.
     *
     * @throws NullPointerException     if it is null
     * @throws IllegalArgumentException if it is shorter than 1 ms
     */
    public static Duration checkTimeToLive(Duration timeToLive) {
        Objects.requireNonNull(timeToLive, "timeToLive must not be null");
        if (timeToLive.toMillis() < 1) {
            throw new IllegalArgumentException("timeToLive must be at least 1 ms, but was " + timeToLive);
        }
        return timeToLive;
    }
}
