package io.jobhistory.spi;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import io.jobhistory.internal.Cursors;
import io.jobhistory.internal.Ids;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A position in a job's history: "continue after this run". Its {@linkplain #encode() string form} is opaque to
 * users; it is what {@link io.jobhistory.HistoryPage#nextCursor()} hands out and {@link HistoryQuery.Builder#cursor}
 * takes back. Backends use {@link #isBefore(ExecutionRecord)} or the decoded fields to skip what a previous page
 * returned.
 */
public final class HistoryCursor {

    private final long startMillis;
    private final String executionId;

    private HistoryCursor(long startMillis, String executionId) {
        this.startMillis = startMillis;
        this.executionId = executionId;
    }

    /** The cursor just past {@code last}, the last record of a page. */
    public static HistoryCursor after(ExecutionRecord last) {
        Objects.requireNonNull(last, "last must not be null");
        return new HistoryCursor(last.startTime().toEpochMilli(), last.executionId());
    }

    /** The decoded cursor of {@code query}, if it has one. */
    public static Optional<HistoryCursor> of(HistoryQuery query) {
        return query.cursor().map(HistoryCursor::decode);
    }

    /**
     * Decodes a cursor string.
     *
     * @throws IllegalArgumentException if {@code cursor} is not a string this library produced
     */
    public static HistoryCursor decode(String cursor) {
        Cursors.Position position = Cursors.decode(cursor);
        return new HistoryCursor(position.startMillis(), position.executionId());
    }

    /** The opaque string form, safe in URLs. */
    public String encode() {
        return Cursors.encode(startMillis, executionId);
    }

    /** Start time, in epoch milliseconds, of the last run already returned. */
    public long startMillis() {
        return startMillis;
    }

    /** Execution id of the last run already returned. */
    public String executionId() {
        return executionId;
    }

    /** Whether {@code record} comes after this position in newest-first order, so belongs to a later page. */
    public boolean isBefore(ExecutionRecord record) {
        long start = record.startTime().toEpochMilli();
        if (start != startMillis) {
            return start < startMillis;
        }
        return Ids.compareCodePoints(record.executionId(), executionId) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryCursor && ((HistoryCursor) o).startMillis == startMillis
                && ((HistoryCursor) o).executionId.equals(executionId);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startMillis) * 31 + executionId.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
