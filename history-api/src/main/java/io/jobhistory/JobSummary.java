package io.jobhistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a job has been doing lately, computed over its retained runs.
 *
 * @param jobId               the job
 * @param runs                how many retained records the summary covers
 * @param countsByStatus      records per status; every status is present, most with 0 (a skipped record counts once,
 *                            whatever its {@linkplain ExecutionRecord#skipCount() skip count})
 * @param successRate         {@code success} runs divided by finished runs ({@code skipped} ones aside); empty when
 *                            no run has finished
 * @param lastSuccessTime     end time of the newest {@code success} run
 * @param lastFailureTime     end time of the newest {@code failed} run
 * @param consecutiveFailures {@code failed} or {@code abandoned} runs in a row, counting back from the newest
 *                            finished or abandoned run ({@code running} and {@code skipped} ones are passed over:
 *                            they neither break nor extend the streak)
 * @param averageDuration     mean duration of the finished runs ({@code skipped} ones aside)
 * @param p50Duration         median duration of the finished runs, {@code skipped} ones aside (nearest rank)
 * @param p95Duration         95th percentile duration of the finished runs, {@code skipped} ones aside (nearest rank)
 */
public record JobSummary(
        String jobId,
        int runs,
        Map<ExecutionStatus, Integer> countsByStatus,
        OptionalDouble successRate,
        Optional<Instant> lastSuccessTime,
        Optional<Instant> lastFailureTime,
        int consecutiveFailures,
        Optional<Duration> averageDuration,
        Optional<Duration> p50Duration,
        Optional<Duration> p95Duration) {

    /** Validates and copies. */
    public JobSummary {
        Objects.requireNonNull(jobId, "jobId must not be null");
        Objects.requireNonNull(countsByStatus, "countsByStatus must not be null");
        Map<ExecutionStatus, Integer> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, countsByStatus.getOrDefault(status, 0));
        }
        countsByStatus = Collections.unmodifiableMap(counts);
        Objects.requireNonNull(successRate, "successRate must not be null");
        Objects.requireNonNull(lastSuccessTime, "lastSuccessTime must not be null");
        Objects.requireNonNull(lastFailureTime, "lastFailureTime must not be null");
        Objects.requireNonNull(averageDuration, "averageDuration must not be null");
        Objects.requireNonNull(p50Duration, "p50Duration must not be null");
        Objects.requireNonNull(p95Duration, "p95Duration must not be null");
    }
}
