package io.jobhistory.spi;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobSummary;
import io.jobhistory.internal.Summaries;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** How history is filtered, paged and summarized, in one place so that every backend agrees. */
public final class HistoryRules {

    private HistoryRules() {
    }

    /**
     * Whether a record, as seen at read time, passes the query's status, time range and cursor (the limit aside).
     * Decode once per query and test every record with the predicate.
     */
    public static Predicate<ExecutionRecord> matcher(HistoryQuery query) {
        ExecutionStatus status = query.status().orElse(null);
        Instant from = query.from().orElse(null);
        Instant to = query.to().orElse(null);
        HistoryCursor cursor = HistoryCursor.of(query).orElse(null);
        return seen -> (status == null || seen.status() == status)
                && (from == null || !seen.startTime().isBefore(from))
                && (to == null || seen.startTime().isBefore(to))
                && (cursor == null || cursor.isBefore(seen));
    }

    /**
     * The page for {@code query} out of {@code matching}, which holds, newest first, the runs that match it: the first
     * {@code query.limit()} of them, with a cursor if one more exists. A backend fetches {@code limit + 1} matches.
     */
    public static HistoryPage page(List<ExecutionRecord> matching, HistoryQuery query) {
        int limit = query.limit();
        if (matching.size() <= limit) {
            return new HistoryPage(matching, Optional.empty());
        }
        List<ExecutionRecord> page = matching.subList(0, limit);
        return new HistoryPage(page, Optional.of(HistoryCursor.after(page.get(limit - 1)).encode()));
    }

    /**
     * Summarizes {@code newestFirst}, a job's retained runs as a registry returns them (newest first, seen at read
     * time). {@code skipped} runs are counted but stay out of the success rate, the failure streak and the durations.
     */
    public static JobSummary summarize(String jobId, List<ExecutionRecord> newestFirst) {
        return Summaries.summarize(jobId, newestFirst);
    }

    /**
     * The overview of a job out of all its retained runs, newest first as a registry returns them: the newest
     * {@code recentRuns} and the summary of all; empty when it has none.
     */
    public static Optional<JobOverview> overview(String jobId, List<ExecutionRecord> newestFirst, int recentRuns) {
        return Summaries.overview(jobId, newestFirst, recentRuns);
    }
}
