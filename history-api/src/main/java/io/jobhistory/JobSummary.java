package io.jobhistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a job has been doing lately, computed over its retained runs.
 *
 * @param jobId               the job
 * @param runs                how many retained runs the summary covers
 * @param countsByStatus      runs per status; every status is present, most with 0
 * @param successRate         {@code success} runs divided by finished runs; empty when no run has finished
 * @param lastSuccessTime     end time of the newest {@code success} run
 * @param lastFailureTime     end time of the newest {@code failed} run
 * @param consecutiveFailures {@code failed} or {@code abandoned} runs in a row, counting back from the newest
 *                            finished or abandoned run (running ones are passed over)
 * @param averageDuration     mean duration of the finished runs
 * @param p50Duration         median duration of the finished runs (nearest rank)
 * @param p95Duration         95th percentile duration of the finished runs (nearest rank)
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

    /**
     * Summarizes {@code newestFirst}, the job's runs as a registry returns them (newest first, already seen at read
     * time). Every backend computes its summary with this, so they agree.
     */
    public static JobSummary of(String jobId, List<ExecutionRecord> newestFirst) {
        Map<ExecutionStatus, Integer> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, 0);
        }
        Instant lastSuccess = null;
        Instant lastFailure = null;
        int consecutiveFailures = 0;
        boolean streakOpen = true;
        List<Duration> durations = new ArrayList<>();
        for (ExecutionRecord run : newestFirst) {
            ExecutionStatus status = run.status();
            counts.merge(status, 1, Integer::sum);
            if (status == ExecutionStatus.SUCCESS && lastSuccess == null) {
                lastSuccess = run.endTime().orElseThrow();
            }
            if (status == ExecutionStatus.FAILED && lastFailure == null) {
                lastFailure = run.endTime().orElseThrow();
            }
            if (streakOpen && status != ExecutionStatus.RUNNING) {
                if (status == ExecutionStatus.FAILED || status == ExecutionStatus.ABANDONED) {
                    consecutiveFailures++;
                } else {
                    streakOpen = false;
                }
            }
            run.duration().ifPresent(durations::add);
        }
        int finished = durations.size();
        OptionalDouble successRate = finished == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(counts.get(ExecutionStatus.SUCCESS) / (double) finished);
        Collections.sort(durations);
        Optional<Duration> average = Optional.empty();
        if (finished > 0) {
            long totalMillis = 0;
            for (Duration d : durations) {
                totalMillis += d.toMillis();
            }
            average = Optional.of(Duration.ofMillis(Math.round(totalMillis / (double) finished)));
        }
        return new JobSummary(jobId, newestFirst.size(), counts, successRate,
                Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure), consecutiveFailures,
                average, percentile(durations, 50), percentile(durations, 95));
    }

    /** Nearest-rank percentile of sorted values. */
    private static Optional<Duration> percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(rank, 1) - 1));
    }
}
