package io.jobhistory;

import io.jobhistory.internal.Cursors;
import io.jobhistory.internal.Times;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Which part of a job's history to read: at most {@link #limit()} runs, newest first, optionally only those with
 * one status, started within {@code [from, to)}, after a {@linkplain #cursor() cursor} from a previous page.
 *
 * <pre>{@code
 * HistoryQuery failedToday = HistoryQuery.builder().limit(10).status(ExecutionStatus.FAILED).from(midnight).build();
 * }</pre>
 */
public final class HistoryQuery {

    /** The limit when none is given: 50 runs. */
    public static final int DEFAULT_LIMIT = 50;

    private static final HistoryQuery DEFAULT = builder().build();

    private final int limit;
    private final ExecutionStatus status;
    private final Instant from;
    private final Instant to;
    private final String cursor;

    private HistoryQuery(Builder b) {
        this.limit = b.limit;
        this.status = b.status;
        this.from = b.from;
        this.to = b.to;
        this.cursor = b.cursor;
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** The newest {@value #DEFAULT_LIMIT} runs, any status. */
    public static HistoryQuery defaults() {
        return DEFAULT;
    }

    /**
     * The newest {@code limit} runs, any status.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static HistoryQuery latest(int limit) {
        return builder().limit(limit).build();
    }

    /** Every retained run, newest first. */
    public static HistoryQuery all() {
        return builder().limit(Integer.MAX_VALUE).build();
    }

    /** A builder with the defaults: {@value #DEFAULT_LIMIT} runs, any status, any time, from the newest. */
    public static Builder builder() {
        return new Builder();
    }

    /** Most runs to return, at least 1. */
    public int limit() {
        return limit;
    }

    /** Only runs with this status (as seen when read, so {@code abandoned} works); empty for all. */
    public Optional<ExecutionStatus> status() {
        return Optional.ofNullable(status);
    }

    /** Only runs that started at or after this time; empty for no lower bound. */
    public Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    /** Only runs that started strictly before this time; empty for no upper bound. */
    public Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    /** Continue after this position, from a previous page's {@link HistoryPage#nextCursor()}; empty to start at the newest. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    @Override
    public String toString() {
        return "HistoryQuery{limit=" + limit + ", status=" + status + ", from=" + from + ", to=" + to
                + ", cursor=" + cursor + '}';
    }

    /** Builds a {@link HistoryQuery}; each setter validates at once. */
    public static final class Builder {
        private int limit = DEFAULT_LIMIT;
        private ExecutionStatus status;
        private Instant from;
        private Instant to;
        private String cursor;

        private Builder() {
        }

        /**
         * Most runs to return. Default {@value HistoryQuery#DEFAULT_LIMIT}.
         *
         * @throws IllegalArgumentException if {@code limit} is 0 or negative
         */
        public Builder limit(int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be a positive number of runs, but was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** Only runs with this status; null for any. */
        public Builder status(ExecutionStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Only runs that started at or after {@code from}; null for no lower bound. A time beyond what a record can
         * hold (about 285,000 years either side of 1970) is moved to that limit, which selects the same runs.
         */
        public Builder from(Instant from) {
            this.from = from == null ? null : Times.clamp(from).truncatedTo(ChronoUnit.MILLIS);
            return this;
        }

        /** Only runs that started before {@code to}; null for no upper bound. Clamped as {@link #from} is. */
        public Builder to(Instant to) {
            this.to = to == null ? null : Times.clamp(to).truncatedTo(ChronoUnit.MILLIS);
            return this;
        }

        /**
         * Continue after the page that returned this cursor; null to start from the newest.
         *
         * @throws IllegalArgumentException if {@code cursor} was not produced by this library
         */
        public Builder cursor(String cursor) {
            if (cursor != null) {
                Cursors.decode(cursor);
            }
            this.cursor = cursor;
            return this;
        }

        /**
         * Builds the query.
         *
         * @throws IllegalArgumentException if {@code from} is not before {@code to}
         */
        public HistoryQuery build() {
            return new HistoryQuery(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HistoryQuery)) {
            return false;
        }
        HistoryQuery q = (HistoryQuery) o;
        return limit == q.limit && status == q.status && Objects.equals(from, q.from) && Objects.equals(to, q.to)
                && Objects.equals(cursor, q.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, status, from, to, cursor);
    }
}
