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
}
