package io.jobhistory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a job's history, newest first.
 *
 * @param records    the runs of this page, newest first, at most the query's limit
 * @param nextCursor present if and only if more runs match the query; pass it to
 *                   {@link HistoryQuery.Builder#cursor(String)} to read them
 */
public record HistoryPage(List<ExecutionRecord> records, Optional<String> nextCursor) {

    /** Validates and copies. */
    public HistoryPage {
        records = List.copyOf(Objects.requireNonNull(records, "records must not be null"));
        Objects.requireNonNull(nextCursor, "nextCursor must not be null; use Optional.empty()");
    }

    /**
     * The page for {@code query} out of {@code matching}, which holds, newest first, the runs that match it:
     * the first {@code query.limit()} of them, with a cursor if one more exists. Backends that fetch
     * {@code limit + 1} matching runs build their page with this.
     */
    public static HistoryPage of(List<ExecutionRecord> matching, HistoryQuery query) {
        int limit = query.limit();
        if (matching.size() <= limit) {
            return new HistoryPage(matching, Optional.empty());
        }
        List<ExecutionRecord> page = matching.subList(0, limit);
        return new HistoryPage(page, Optional.of(HistoryCursor.after(page.get(limit - 1)).encode()));
    }
}
