package io.jobhistory.spi;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;

/**
 * How a record is stored and how it reads back, the same in every backend. {@link AbstractExecutionHistoryRegistry}
 * applies both; a backend that does not extend it applies them itself.
 */
public final class RecordRules {

    private static final MethodHandle ABANDONED_COPY;

    static {
        try {
            ABANDONED_COPY = MethodHandles.privateLookupIn(ExecutionRecord.class, MethodHandles.lookup())
                    .findVirtual(ExecutionRecord.class, "abandonedCopy", MethodType.methodType(ExecutionRecord.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RecordRules() {
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
            try {
                return (ExecutionRecord) ABANDONED_COPY.invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return record;
    }

    /** Whether saving {@code incoming} over {@code stored} (same execution id) must change nothing: a finished record is final. */
    public static boolean isRefused(ExecutionRecord stored, ExecutionRecord incoming) {
        return stored.isFinished() && !incoming.isFinished();
    }
}
