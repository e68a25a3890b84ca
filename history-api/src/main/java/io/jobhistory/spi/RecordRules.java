package io.jobhistory.spi;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.internal.Records;

import java.time.Instant;

/**
 * How a record is stored and how it reads back, the same in every backend. {@link AbstractExecutionHistoryRegistry}
 * applies both; a backend that does not extend it applies them itself.
 */
public final class RecordRules {

    private RecordRules() {
    }

    /**
     * The form a registry stores: an {@code abandoned} record becomes {@code running} again, since abandoned is
     * derived on read from the heartbeat deadline (which it keeps); any other record is returned unchanged.
     */
    public static ExecutionRecord storedForm(ExecutionRecord record) {
        return Records.storedForm(record);
    }

    /**
     * The record as a reader at {@code now} sees it: a {@code running} record whose heartbeat deadline is before
     * {@code now} reads as {@code abandoned}; any other record is returned unchanged.
     */
    public static ExecutionRecord seenAt(ExecutionRecord record, Instant now) {
        return Records.seenAt(record, now);
    }

    /** Whether saving {@code incoming} over {@code stored} (same execution id) must change nothing: a finished record is final. */
    public static boolean isRefused(ExecutionRecord stored, ExecutionRecord incoming) {
        return Records.isRefused(stored, incoming);
    }
}
