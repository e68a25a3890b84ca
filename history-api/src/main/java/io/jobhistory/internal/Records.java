package io.jobhistory.internal;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * How a record is stored and how it reads back, in one place for the recorder and every backend
 * ({@code io.jobhistory.spi.RecordRules} hands it on to backends).
 */
public final class Records {

    /** What {@code ExecutionRecord} lets the library's own code do that its public API does not; registered once. */
    private static volatile Access access;

    private Records() {
    }

    /** {@code ExecutionRecord}'s own operations for the library, registered by its initializer. */
    public interface Access {
        /** A copy of a running record marked abandoned, which no builder can make. */
        ExecutionRecord abandonedCopy(ExecutionRecord running);

        /** A builder whose ids the caller has already checked (as the recorder does at a run's start). */
        ExecutionRecord.Builder builderOfCheckedIds(String executionId, String jobId, String jobName, Instant start);

        /** Attributes checked and copied once, which records built with them share instead of copying each time. */
        Map<String, String> attributes(Map<String, String> attributes);
    }

    /**
     * Called once, by {@link ExecutionRecord}'s initializer.
     *
     * @throws IllegalStateException if called again, or by any other class
     */
    public static synchronized void register(Access recordAccess) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (caller != ExecutionRecord.class) {
            throw new IllegalStateException("only ExecutionRecord registers its access, not " + caller.getName());
        }
        if (access != null) {
            throw new IllegalStateException("ExecutionRecord registers its access once");
        }
        access = Objects.requireNonNull(recordAccess, "access must not be null");
    }

    /**
     * A builder for a record whose execution id, job id and job name the caller has checked already (valid ids, a
     * non-blank name): building it skips checking them again, which is most of a short run's cost before the JIT
     * has compiled it. For the recorder only.
     */
    public static ExecutionRecord.Builder builderOfCheckedIds(String executionId, String jobId, String jobName,
                                                              Instant startTime) {
        return access().builderOfCheckedIds(executionId, jobId, jobName, startTime);
    }

    /**
     * {@code attributes} checked and copied once, so that every record built with the result shares it (the recorder
     * builds two or more records per run with the same attributes).
     *
     * @throws IllegalArgumentException if a name is blank
     * @throws NullPointerException     if a name or value is null
     */
    public static Map<String, String> attributes(Map<String, String> attributes) {
        return access().attributes(attributes);
    }

    private static Access access() {
        Access current = access;
        if (current == null) {
            Objects.requireNonNull(ExecutionRecord.NEWEST_FIRST); // initializes ExecutionRecord, which registers
            current = access;
        }
        return current;
    }

    /**
     * The form a registry stores: an {@code abandoned} record becomes {@code running} again, since abandoned is
     * derived on read from the heartbeat deadline (which it keeps); any other record is returned unchanged.
     */
    public static ExecutionRecord storedForm(ExecutionRecord record) {
        return record.status() == ExecutionStatus.ABANDONED ? record.toBuilder().running().build() : record;
    }

    /**
     * The record as a reader at {@code now} sees it: a {@code running} record whose heartbeat deadline is before
     * {@code now} reads as {@code abandoned}; any other record is returned unchanged.
     */
    public static ExecutionRecord seenAt(ExecutionRecord record, Instant now) {
        if (record.status() == ExecutionStatus.RUNNING
                && record.heartbeatDeadline().map(deadline -> deadline.isBefore(now)).orElse(false)) {
            return access().abandonedCopy(record);
        }
        return record;
    }

    /** Whether saving {@code incoming} over {@code stored} (same execution id) must change nothing: a finished record is final. */
    public static boolean isRefused(ExecutionRecord stored, ExecutionRecord incoming) {
        return stored.isFinished() && !incoming.isFinished();
    }
}
