package io.jobhistory.internal;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a record is stored and how it reads back, in one place for the recorder and every backend
 * ({@code io.jobhistory.spi.RecordRules} hands it on to backends).
 */
public final class Records {

    /** {@code ExecutionRecord}'s own abandoned copy, which no builder can make; registered once by that class. */
    private static volatile UnaryOperator<ExecutionRecord> abandonedCopy;

    private Records() {
    }

    /**
     * Called once, by {@link ExecutionRecord}'s initializer, with its way of copying a record as abandoned.
     *
     * @throws IllegalStateException if called again, or by any other class
     */
    public static synchronized void registerAbandonedCopy(UnaryOperator<ExecutionRecord> copy) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (caller != ExecutionRecord.class) {
            throw new IllegalStateException("only ExecutionRecord registers its abandoned copy, not " + caller.getName());
        }
        if (abandonedCopy != null) {
            throw new IllegalStateException("the abandoned copy is registered by ExecutionRecord, once");
        }
        abandonedCopy = Objects.requireNonNull(copy, "copy must not be null");
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
            return abandonedCopy.apply(record);
        }
        return record;
    }

    /** Whether saving {@code incoming} over {@code stored} (same execution id) must change nothing: a finished record is final. */
    public static boolean isRefused(ExecutionRecord stored, ExecutionRecord incoming) {
        return stored.isFinished() && !incoming.isFinished();
    }
}
