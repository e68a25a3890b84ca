package io.jobhistory;

import io.jobhistory.internal.Ids;
import io.jobhistory.internal.Records;
import io.jobhistory.internal.Times;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One run of a job: who ran, when, how it ended, which items succeeded or failed and why.
 *
 * <p>Immutable and validated on construction. Times are kept to the millisecond (finer digits are dropped), so
 * every backend orders and compares them the same way. A record is {@link ExecutionStatus#RUNNING} with no end
 * time while the job runs, then saved again under the same {@link #executionId()} with a finished status and an
 * end time.
 *
 * <pre>{@code
 * ExecutionRecord run = ExecutionRecord.builder("exec-1", "daily-aapl", "Daily AAPL", start)
 *         .finished(ExecutionStatus.PARTIAL_SUCCESS, end)
 *         .succeededItems(List.of("AAPL", "MSFT"))
 *         .failedItems(List.of("GOOGL"))
 *         .errors(List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
 *         .build();
 * }</pre>
 */
public final class ExecutionRecord {

    /**
     * The attribute that names the instance that ran the job: the recorder's node (by default the host name), or the
     * scheduler's own instance id in the Quartz and db-scheduler integrations.
     */
    public static final String NODE_ATTRIBUTE = "node";

    /**
     * Newest first: by start time descending, runs that started in the same millisecond by execution id descending
     * (compared by Unicode code point, which is also the byte order of their UTF-8 form). Every registry returns
     * history in this order.
     */
    public static final Comparator<ExecutionRecord> NEWEST_FIRST = (a, b) -> {
        int byStart = b.startTime.compareTo(a.startTime);
        return byStart != 0 ? byStart : Ids.compareCodePoints(b.executionId, a.executionId);
    };

    static {
        Records.register(new Records.Access() {
            @Override
            public ExecutionRecord abandonedCopy(ExecutionRecord running) {
                return running.abandonedCopy();
            }

            @Override
            public Builder builderOfCheckedIds(String executionId, String jobId, String jobName, Instant start) {
                Builder b = new Builder(executionId, jobId, jobName, start);
                b.idsChecked = true;
                return b;
            }

            @Override
            public Map<String, String> attributes(Map<String, String> attributes) {
                return copyOf(attributes);
            }
        });
    }

    private final String executionId;
    private final String jobId;
    private final String jobName;
    private final Instant startTime;
    private final Instant endTime;
    private final ExecutionStatus status;
    private final List<String> succeededItems;
    private final List<String> failedItems;
    private final List<String> errors;
    private final int totalItems;
    private final String stackTrace;
    private final Instant heartbeatDeadline;
    private final Map<String, String> attributes;
    private final int skipCount;
    private final Instant lastDueTime;

    private ExecutionRecord(Builder b) {
        if (b.idsChecked) { // from a record, or from the recorder, which checked them at the run's start
            this.executionId = b.executionId;
            this.jobId = b.jobId;
            this.jobName = b.jobName;
        } else {
            this.executionId = requireText(b.executionId, "executionId", b.jobId);
            this.jobId = requireText(b.jobId, "jobId", b.jobId);
            this.jobName = requireText(b.jobName, "jobName", b.jobId);
        }
        this.startTime = millis(Objects.requireNonNull(b.startTime, "startTime must not be null"), "startTime", b);
        this.status = Objects.requireNonNull(b.status, "status must not be null");
        this.endTime = status == ExecutionStatus.SKIPPED ? startTime
                : b.endTime == null ? null : millis(b.endTime, "endTime", b);
        if (status.isFinished() && endTime == null) {
            throw new IllegalArgumentException("Execution '" + executionId + "' of job '" + jobId + "' has status "
                    + status + " but no endTime; finished runs need one");
        }
        if (!status.isFinished() && endTime != null) {
            throw new IllegalArgumentException("Execution '" + executionId + "' of job '" + jobId + "' has status "
                    + status + " and endTime " + endTime + "; only success, partial_success and failed runs have one");
        }
        if (endTime != null && endTime.isBefore(startTime)) {
            throw new IllegalArgumentException("Execution '" + executionId + "' of job '" + jobId + "' ends at "
                    + endTime + ", before it starts at " + startTime);
        }
        this.succeededItems = copyOf(b.succeededItems, "succeededItems");
        this.failedItems = copyOf(b.failedItems, "failedItems");
        this.errors = copyOf(b.errors, "errors");
        if (b.totalItems < -1) {
            throw new IllegalArgumentException("totalItems of execution '" + executionId + "' is " + b.totalItems
                    + "; it must be 0 or more");
        }
        this.totalItems = b.totalItems == -1 ? succeededItems.size() + failedItems.size() : b.totalItems;
        this.stackTrace = b.stackTrace;
        this.heartbeatDeadline = status.isFinished() || b.heartbeatDeadline == null
                ? null : millis(b.heartbeatDeadline, "heartbeatDeadline", b);
        this.attributes = copyOf(b.attributes);
        if (status == ExecutionStatus.SKIPPED) {
            this.skipCount = b.skipCount;
            this.lastDueTime = millis(b.lastDueTime, "lastDueTime", b);
            if (lastDueTime.isBefore(startTime)) {
                throw new IllegalArgumentException("Skipped execution '" + executionId + "' of job '" + jobId
                        + "' was last due at " + lastDueTime + ", before it was first due at " + startTime);
            }
        } else {
            this.skipCount = 0;
            this.lastDueTime = null;
        }
    }

    /**
     * A builder for a run of job {@code jobId}, named {@code jobName} for people, that started at {@code startTime}.
     * The status is {@link ExecutionStatus#RUNNING} until {@link Builder#finished} sets another.
     */
    public static Builder builder(String executionId, String jobId, String jobName, Instant startTime) {
        return new Builder(executionId, jobId, jobName, startTime);
    }

    /** A builder holding every value of this record, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(executionId, jobId, jobName, startTime);
        b.idsChecked = true; // this record's ids passed the checks, and a builder cannot change them
        b.endTime = endTime;
        b.status = status;
        b.succeededItems = succeededItems;
        b.failedItems = failedItems;
        b.errors = errors;
        b.totalItems = totalItems;
        b.stackTrace = stackTrace;
        b.heartbeatDeadline = heartbeatDeadline;
        b.attributes = attributes;
        b.skipCount = skipCount;
        b.lastDueTime = lastDueTime;
        return b;
    }

    /** Unique id of this run, across jobs and processes. */
    public String executionId() {
        return executionId;
    }

    /** Stable id of the job, the key its history is kept under. */
    public String jobId() {
        return jobId;
    }

    /** Human-readable name of the job, such as {@code Daily AAPL}. */
    public String jobName() {
        return jobName;
    }

    /** When the run started, to the millisecond. */
    public Instant startTime() {
        return startTime;
    }

    /** When the run finished; empty while it is running or abandoned. A skipped run ends when it was first due. */
    public Optional<Instant> endTime() {
        return Optional.ofNullable(endTime);
    }

    /** How the run ended, or {@code RUNNING}. */
    public ExecutionStatus status() {
        return status;
    }

    /** Items the run handled successfully, in the order reported. */
    public List<String> succeededItems() {
        return succeededItems;
    }

    /** Items the run failed on, in the order reported. */
    public List<String> failedItems() {
        return failedItems;
    }

    /** Error messages, in the order they occurred. */
    public List<String> errors() {
        return errors;
    }

    /** How many items the run had to handle; by default the succeeded plus the failed ones. */
    public int totalItems() {
        return totalItems;
    }

    /** The (bounded) stack trace of the exception the job threw, if it threw one. */
    public Optional<String> stackTrace() {
        return Optional.ofNullable(stackTrace);
    }

    /**
     * While running: the time by which the recorder promised to renew this record. A running record read after its
     * deadline is reported as {@link ExecutionStatus#ABANDONED}. Always empty once the run has finished.
     */
    public Optional<Instant> heartbeatDeadline() {
        return Optional.ofNullable(heartbeatDeadline);
    }

    /** Free-form string attributes, such as the host that ran the job, in insertion order. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The instance that ran the job, from the {@value #NODE_ATTRIBUTE} attribute; empty if the record names none. */
    public Optional<String> node() {
        return Optional.ofNullable(attributes.get(NODE_ATTRIBUTE));
    }

    /**
     * For a {@link ExecutionStatus#SKIPPED} record, how many due runs it stands for (consecutive skips of one job are
     * kept as one record), at least 1; 0 for every other status.
     */
    public int skipCount() {
        return skipCount;
    }

    /**
     * For a {@link ExecutionStatus#SKIPPED} record, when the last of the due runs it stands for was due (its start
     * time is when the first was due); empty for every other status.
     */
    public Optional<Instant> lastDueTime() {
        return Optional.ofNullable(lastDueTime);
    }

    /** The run's duration; empty until it has finished, zero for a skipped run. */
    public Optional<Duration> duration() {
        return endTime == null ? Optional.empty() : Optional.of(Duration.between(startTime, endTime));
    }

    /** Whether the run has finished ({@code success}, {@code partial_success}, {@code failed} or {@code skipped}). */
    public boolean isFinished() {
        return status.isFinished();
    }

    /** A copy of this running record marked abandoned; registered with {@link Records} for the rules that read records. */
    ExecutionRecord abandonedCopy() {
        Builder b = toBuilder();
        b.status = ExecutionStatus.ABANDONED;
        b.endTime = null;
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExecutionRecord)) {
            return false;
        }
        ExecutionRecord r = (ExecutionRecord) o;
        return totalItems == r.totalItems
                && executionId.equals(r.executionId)
                && jobId.equals(r.jobId)
                && jobName.equals(r.jobName)
                && startTime.equals(r.startTime)
                && Objects.equals(endTime, r.endTime)
                && status == r.status
                && succeededItems.equals(r.succeededItems)
                && failedItems.equals(r.failedItems)
                && errors.equals(r.errors)
                && Objects.equals(stackTrace, r.stackTrace)
                && Objects.equals(heartbeatDeadline, r.heartbeatDeadline)
                && attributes.equals(r.attributes)
                && skipCount == r.skipCount
                && Objects.equals(lastDueTime, r.lastDueTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(executionId, jobId, startTime, endTime, status, totalItems);
    }

    @Override
    public String toString() {
        return "ExecutionRecord{executionId=" + executionId + ", jobId=" + jobId + ", jobName=" + jobName
                + ", startTime=" + startTime + ", endTime=" + endTime + ", status=" + status
                + ", succeededItems=" + succeededItems.size() + ", failedItems=" + failedItems.size()
                + ", errors=" + errors + ", totalItems=" + totalItems + '}';
    }

    private static String requireText(String value, String field, String jobId) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null"
                    + (jobId == null || "jobId".equals(field) ? "" : " (job '" + jobId + "')"));
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'"
                    + ("jobId".equals(field) ? "" : " (job '" + jobId + "')"));
        }
        if (!"jobName".equals(field)) {
            Ids.requireValid(value, field);
        }
        return value;
    }

    private static List<String> copyOf(List<String> values, String field) {
        if (values instanceof ImmutableList) {
            return values;
        }
        Objects.requireNonNull(values, field + " must not be null");
        if (values.isEmpty()) {
            return ImmutableList.EMPTY;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(field + " must not contain null, but element " + i + " is null");
            }
        }
        return new ImmutableList(values.toArray(new String[0]));
    }

    /**
     * The instant at millisecond precision: itself when it has no finer part (a recorder's times never have).
     *
     * @throws IllegalArgumentException if it lies outside what epoch milliseconds can hold, as every store keeps times
     */
    private static Instant millis(Instant instant, String field, Builder b) {
        if (!Times.isStorable(instant)) {
            throw new IllegalArgumentException(field + " of execution '" + b.executionId + "' of job '" + b.jobId
                    + "' is " + instant + "; times must lie within " + Times.EARLIEST + " and " + Times.LATEST);
        }
        return instant.getNano() % 1_000_000 == 0 ? instant : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, String> copyOf(Map<String, String> values) {
        if (values instanceof Attributes) {
            return values; // checked and copied already: records of one recorder share their attributes
        }
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("attribute names must not be blank or null, but got '" + k + "'");
            }
            copy.put(k, Objects.requireNonNull(v, "attribute '" + k + "' must not be null"));
        });
        return new Attributes(Collections.unmodifiableMap(copy));
    }

    /** Attributes this class checked and copied, so records built from them share them instead of copying again. */
    private static final class Attributes extends java.util.AbstractMap<String, String> {
        private final Map<String, String> map;

        Attributes(Map<String, String> map) {
            this.map = map;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** Marks lists this class already copied, so copies of records share them instead of copying again. */
    private static final class ImmutableList extends java.util.AbstractList<String> implements java.util.RandomAccess {
        private static final ImmutableList EMPTY = new ImmutableList(new String[0]);
        private final String[] elements;

        ImmutableList(String[] elements) {
            this.elements = elements;
        }

        @Override
        public String get(int index) {
            return elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }

    /** Builds an {@link ExecutionRecord}; every value but the four given to {@link #builder} has a default. */
    public static final class Builder {
        private final String executionId;
        private final String jobId;
        private final String jobName;
        private final Instant startTime;
        /** Whether the ids and name are known valid, so building need not check them again. */
        private boolean idsChecked;
        private Instant endTime;
        private ExecutionStatus status = ExecutionStatus.RUNNING;
        private List<String> succeededItems = ImmutableList.EMPTY;
        private List<String> failedItems = ImmutableList.EMPTY;
        private List<String> errors = ImmutableList.EMPTY;
        private int totalItems = -1;
        private String stackTrace;
        private Instant heartbeatDeadline;
        private Map<String, String> attributes = Map.of();
        private int skipCount;
        private Instant lastDueTime;

        private Builder(String executionId, String jobId, String jobName, Instant startTime) {
            this.executionId = executionId;
            this.jobId = jobId;
            this.jobName = jobName;
            this.startTime = startTime;
        }

        /**
         * Marks the run finished with {@code status} ({@code success}, {@code partial_success} or {@code failed}) at
         * {@code endTime}.
         *
         * @throws IllegalArgumentException for any other status ({@link #skipped} marks a skipped run)
         */
        public Builder finished(ExecutionStatus status, Instant endTime) {
            Objects.requireNonNull(status, "status must not be null");
            if (!status.isFinished() || status == ExecutionStatus.SKIPPED) {
                throw new IllegalArgumentException("finished(...) takes success, partial_success or failed, not " + status
                        + (status == ExecutionStatus.SKIPPED ? "; use skipped(lastDueTime, count)" : ""));
            }
            this.status = status;
            this.endTime = Objects.requireNonNull(endTime, "endTime must not be null");
            return this;
        }

        /** Marks the run as still running (the default), with no end time. */
        public Builder running() {
            this.status = ExecutionStatus.RUNNING;
            this.endTime = null;
            return this;
        }

        /**
         * Marks the run skipped: due but not executed, {@code count} times in a row, the first time at the start time
         * and the last at {@code lastDueTime}. It ends when it started (duration zero); put the reason in the errors.
         *
         * @throws IllegalArgumentException if {@code count} is less than 1
         */
        public Builder skipped(Instant lastDueTime, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a skipped run stands for at least 1 due run, but count was " + count);
            }
            this.lastDueTime = Objects.requireNonNull(lastDueTime, "lastDueTime must not be null");
            this.skipCount = count;
            this.status = ExecutionStatus.SKIPPED;
            this.endTime = startTime;
            return this;
        }

        /** Items handled successfully. Default: none. */
        public Builder succeededItems(List<String> items) {
            this.succeededItems = Objects.requireNonNull(items, "succeededItems must not be null");
            return this;
        }

        /** Items that failed. Default: none. */
        public Builder failedItems(List<String> items) {
            this.failedItems = Objects.requireNonNull(items, "failedItems must not be null");
            return this;
        }

        /** Error messages. Default: none. */
        public Builder errors(List<String> errors) {
            this.errors = Objects.requireNonNull(errors, "errors must not be null");
            return this;
        }

        /** How many items the run had to handle, 0 or more. Default: succeeded plus failed items. */
        public Builder totalItems(int totalItems) {
            if (totalItems < 0) {
                throw new IllegalArgumentException("totalItems must be 0 or more, but was " + totalItems);
            }
            this.totalItems = totalItems;
            return this;
        }

        /** The stack trace of the exception the job threw, or null for none. */
        public Builder stackTrace(String stackTrace) {
            this.stackTrace = stackTrace;
            return this;
        }

        /** The heartbeat deadline of a running record, or null for none (never reported abandoned). */
        public Builder heartbeatDeadline(Instant deadline) {
            this.heartbeatDeadline = deadline;
            return this;
        }

        /** Free-form string attributes such as {@code host}. Default: none. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Objects.requireNonNull(attributes, "attributes must not be null");
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws NullPointerException if an id, the name or the start time is null
         * @throws IllegalArgumentException if an id or the name is blank, or the end time contradicts the status
         */
        public ExecutionRecord build() {
            return new ExecutionRecord(this);
        }
    }
}
