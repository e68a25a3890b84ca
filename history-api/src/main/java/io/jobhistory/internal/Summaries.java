package io.jobhistory.internal;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobOverview;
import io.jobhistory.JobSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a job's retained runs are summarized, in one place for the registry's default methods and every backend
 * ({@code io.jobhistory.spi.HistoryRules} hands it on to backends).
 */
public final class Summaries {

    private Summaries() {
    }

    /**
     * Summarizes {@code newestFirst}, a job's retained runs as a registry returns them (newest first, seen at read
     * time). {@code skipped} runs are counted but stay out of the success rate, the failure streak and the durations.
     */
    public static JobSummary summarize(String jobId, List<ExecutionRecord> newestFirst) {
        Map<ExecutionStatus, Integer> counts = new EnumMap<>(ExecutionStatus.class);
        Instant lastSuccess = null;
        Instant lastFailure = null;
        int consecutiveFailures = 0;
        boolean streakOpen = true;
        List<Duration> durations = new ArrayList<>();
        for (ExecutionRecord run : newestFirst) {
            ExecutionStatus status = run.status();
            counts.merge(status, 1, Integer::sum);
            if (status == ExecutionStatus.SKIPPED || status == ExecutionStatus.RUNNING) {
                continue;
            }
            if (status == ExecutionStatus.SUCCESS && lastSuccess == null) {
                lastSuccess = run.endTime().orElseThrow();
            }
            if (status == ExecutionStatus.FAILED && lastFailure == null) {
                lastFailure = run.endTime().orElseThrow();
            }
            if (streakOpen) {
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
                : OptionalDouble.of(counts.getOrDefault(ExecutionStatus.SUCCESS, 0) / (double) finished);
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

    /**
     * The overview of a job out of all its retained runs, newest first as a registry returns them: the newest
     * {@code recentRuns} and the summary of all; empty when it has none.
     */
    public static Optional<JobOverview> overview(String jobId, List<ExecutionRecord> newestFirst, int recentRuns) {
        if (newestFirst.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobOverview(jobId, newestFirst.get(0).jobName(),
                newestFirst.subList(0, Math.min(recentRuns, newestFirst.size())), summarize(jobId, newestFirst)));
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
