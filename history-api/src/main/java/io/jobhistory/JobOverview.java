package io.jobhistory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job at a glance, as a dashboard's overview shows it: its newest runs and the summary of all its retained runs.
 * Returned by {@link ExecutionHistoryRegistry#findOverviews}.
 *
 * @param jobId      the job
 * @param jobName    the name of its newest run
 * @param recentRuns its newest runs, newest first, at most as many as asked for
 * @param summary    statistics over all its retained runs
 */
public record JobOverview(String jobId, String jobName, List<ExecutionRecord> recentRuns, JobSummary summary) {

    /** Validates and copies. */
    public JobOverview {
        Objects.requireNonNull(jobId, "jobId must not be null");
        Objects.requireNonNull(jobName, "jobName must not be null");
        recentRuns = List.copyOf(Objects.requireNonNull(recentRuns, "recentRuns must not be null"));
        Objects.requireNonNull(summary, "summary must not be null");
    }

    /** The newest run, if any was asked for. */
    public Optional<ExecutionRecord> latest() {
        return recentRuns.isEmpty() ? Optional.empty() : Optional.of(recentRuns.get(0));
    }
}
