package io.jobhistory;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's own record, kept up to date by every save of its runs, so that questions about the job as a whole need no
 * reading of its runs: its newest run, its last error, its last success and failure, and how many runs finished with
 * each status. Saves in any order, repeated or from several instances never move it backwards (the rules are in
 * {@code io.jobhistory.spi.JobRecordRules}). Immutable.
 *
 * <p>It starts with the first save of the job's runs by a version of the library that keeps it: a job whose runs were
 * all saved earlier has none until its next save (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md#the-job-record">docs/recording.md</a>).
 */
public final class JobRecord {

    /** The statuses {@link #finishedCounts()} counts. */
    public static final List<ExecutionStatus> COUNTED = List.of(ExecutionStatus.SUCCESS,
            ExecutionStatus.PARTIAL_SUCCESS, ExecutionStatus.FAILED, ExecutionStatus.SKIPPED);

    private final String jobId;
    private final String jobName;
    private final ExecutionRecord lastRun;
    private final String lastError;
    private final String lastErrorExecutionId;
    private final Instant lastErrorStartTime;
    private final Instant lastSuccessTime;
    private final Instant lastFailureTime;
    private final Map<ExecutionStatus, Long> finishedCounts;

    private JobRecord(Builder b) {
        this.jobId = b.jobId;
        this.jobName = b.jobName;
        this.lastRun = b.lastRun;
        this.lastError = b.lastError;
        this.lastErrorExecutionId = b.lastErrorExecutionId;
        this.lastErrorStartTime = b.lastErrorStartTime;
        this.lastSuccessTime = b.lastSuccessTime;
        this.lastFailureTime = b.lastFailureTime;
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : COUNTED) {
            counts.put(status, b.counts.getOrDefault(status, 0L));
        }
        this.finishedCounts = Collections.unmodifiableMap(counts);
    }

    /** A builder for the record of {@code jobId}, named {@code jobName}, with nothing recorded yet. */
    public static Builder builder(String jobId, String jobName) {
        return new Builder(jobId, jobName);
    }

    /** A builder starting from this record. */
    public Builder toBuilder() {
        Builder b = new Builder(jobId, jobName);
        b.lastRun = lastRun;
        b.lastError = lastError;
        b.lastErrorExecutionId = lastErrorExecutionId;
        b.lastErrorStartTime = lastErrorStartTime;
        b.lastSuccessTime = lastSuccessTime;
        b.lastFailureTime = lastFailureTime;
        b.counts.putAll(finishedCounts);
        return b;
    }

    public String jobId() {
        return jobId;
    }

    /** The job's name as its newest run gave it. */
    public String jobName() {
        return jobName;
    }

    /**
     * The job's newest run (by start time, as {@link ExecutionRecord#NEWEST_FIRST}) without its items, errors or stack
     * trace; {@code abandoned} if it is running past its heartbeat deadline when read.
     */
    public Optional<ExecutionRecord> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The first error of the newest {@code failed} or {@code partial_success} run that had one. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The execution id of the run {@link #lastError()} came from. */
    public Optional<String> lastErrorExecutionId() {
        return Optional.ofNullable(lastErrorExecutionId);
    }

    /** The start time of the run {@link #lastError()} came from. */
    public Optional<Instant> lastErrorStartTime() {
        return Optional.ofNullable(lastErrorStartTime);
    }

    /** The latest end time of a {@code success} run. */
    public Optional<Instant> lastSuccessTime() {
        return Optional.ofNullable(lastSuccessTime);
    }

    /** The latest end time of a {@code failed} run. */
    public Optional<Instant> lastFailureTime() {
        return Optional.ofNullable(lastFailureTime);
    }

    /**
     * Runs by finished status ({@link #COUNTED}, each present), each counted once, when it first became finished
     * (a skipped record counts once, whatever its skip count). Counted since the record began, not only over the
     * retained runs.
     */
    public Map<ExecutionStatus, Long> finishedCounts() {
        return finishedCounts;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobRecord r)) {
            return false;
        }
        return jobId.equals(r.jobId) && jobName.equals(r.jobName) && Objects.equals(lastRun, r.lastRun)
                && Objects.equals(lastError, r.lastError)
                && Objects.equals(lastErrorExecutionId, r.lastErrorExecutionId)
                && Objects.equals(lastErrorStartTime, r.lastErrorStartTime)
                && Objects.equals(lastSuccessTime, r.lastSuccessTime)
                && Objects.equals(lastFailureTime, r.lastFailureTime) && finishedCounts.equals(r.finishedCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, lastRun, lastError, lastSuccessTime, lastFailureTime, finishedCounts);
    }

    @Override
    public String toString() {
        return "JobRecord{" + jobId + ", lastRun=" + (lastRun == null ? "none" : lastRun.executionId() + " "
                + lastRun.status()) + ", lastSuccess=" + lastSuccessTime + ", lastFailure=" + lastFailureTime
                + ", counts=" + finishedCounts + "}";
    }

    /** Builds a {@link JobRecord}, for backends that read one back; each setter checks its value. */
    public static final class Builder {
        private final String jobId;
        private String jobName;
        private ExecutionRecord lastRun;
        private String lastError;
        private String lastErrorExecutionId;
        private Instant lastErrorStartTime;
        private Instant lastSuccessTime;
        private Instant lastFailureTime;
        private final Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);

        private Builder(String jobId, String jobName) {
            this.jobId = Objects.requireNonNull(jobId, "jobId must not be null");
            this.jobName = Objects.requireNonNull(jobName, "jobName must not be null");
        }

        /** The job's name, as its newest run gives it. */
        public Builder jobName(String jobName) {
            this.jobName = Objects.requireNonNull(jobName, "jobName must not be null");
            return this;
        }

        /**
         * The newest run, kept without its items, errors and stack trace.
         *
         * @throws IllegalArgumentException if it is a run of another job
         */
        public Builder lastRun(ExecutionRecord run) {
            Objects.requireNonNull(run, "lastRun must not be null");
            if (!run.jobId().equals(jobId)) {
                throw new IllegalArgumentException("lastRun " + run.executionId() + " is a run of job '" + run.jobId()
                        + "', not of '" + jobId + "'");
            }
            boolean lean = run.succeededItems().isEmpty() && run.failedItems().isEmpty() && run.errors().isEmpty()
                    && run.stackTrace().isEmpty();
            this.lastRun = lean ? run : run.toBuilder().succeededItems(List.of()).failedItems(List.of())
                    .errors(List.of()).stackTrace(null).totalItems(run.totalItems()).build();
            return this;
        }

        /** No newest run (all were deleted). */
        public Builder noLastRun() {
            this.lastRun = null;
            return this;
        }

        /** The first error of the newest failed or partly failed run that had one, with that run's id and start. */
        public Builder lastError(String error, String executionId, Instant startTime) {
            this.lastError = Objects.requireNonNull(error, "lastError must not be null");
            this.lastErrorExecutionId = Objects.requireNonNull(executionId, "lastErrorExecutionId must not be null");
            this.lastErrorStartTime = Objects.requireNonNull(startTime, "lastErrorStartTime must not be null");
            return this;
        }

        public Builder lastSuccessTime(Instant time) {
            this.lastSuccessTime = Objects.requireNonNull(time, "lastSuccessTime must not be null");
            return this;
        }

        public Builder lastFailureTime(Instant time) {
            this.lastFailureTime = Objects.requireNonNull(time, "lastFailureTime must not be null");
            return this;
        }

        /**
         * How many runs finished with {@code status}.
         *
         * @throws IllegalArgumentException if the status is not one {@link #COUNTED}, or the count is negative
         */
        public Builder finishedCount(ExecutionStatus status, long count) {
            Objects.requireNonNull(status, "status must not be null");
            if (!COUNTED.contains(status)) {
                throw new IllegalArgumentException("finished runs are counted for " + COUNTED + ", not for " + status);
            }
            if (count < 0) {
                throw new IllegalArgumentException("count of " + status + " runs of job '" + jobId
                        + "' must be 0 or more, but was " + count);
            }
            counts.put(status, count);
            return this;
        }

        public JobRecord build() {
            return new JobRecord(this);
        }
    }
}
