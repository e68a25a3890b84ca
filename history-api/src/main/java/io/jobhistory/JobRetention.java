package io.jobhistory;

import java.time.Duration;
import java.util.Objects;

/**
 * What a registry keeps of one job: its newest {@code maxRuns} runs of any status, its newest {@code maxFailures}
 * {@code failed} runs besides (so failures outlast the successes after them), each record for {@code timeToLive}
 * after its last save, and its statistics by day for that time too. Registries take one for all jobs or a function of
 * the job id.
 *
 * @param maxRuns     the run cap: the newest runs of any status kept, at least 1 (the seed's 100)
 * @param maxFailures the newest {@code failed} runs kept beyond the run cap, 0 or more
 * @param timeToLive  how long a record lives after its last save, at least 1 ms
 */
public record JobRetention(int maxRuns, int maxFailures, Duration timeToLive) {

    /** Failed runs kept beyond the run cap unless configured otherwise: 100. */
    public static final int DEFAULT_MAX_FAILURES = 100;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public JobRetention {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns must be at least 1, but was " + maxRuns);
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must be 0 or more, but was " + maxFailures);
        }
        Objects.requireNonNull(timeToLive, "timeToLive must not be null");
        if (timeToLive.toMillis() < 1) {
            throw new IllegalArgumentException("timeToLive must be at least 1 ms, but was " + timeToLive);
        }
    }

    /** 100 runs, 100 failures besides, 30 days. */
    public static JobRetention defaults() {
        return new JobRetention(100, DEFAULT_MAX_FAILURES, Duration.ofDays(30));
    }
}
