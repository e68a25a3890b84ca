package io.jobhistory.web;

import java.util.List;

/** Which field names and fields the HTTP API writes for one run. */
public enum FieldNames {

    /**
     * The library's own names ({@code succeeded_items}, {@code failed_items}, {@code total_items}) and every field of
     * a record, as {@code ExecutionRecordJson} writes it: also {@code stack_trace}, {@code heartbeat_deadline} and
     * {@code attributes}, and on a skipped run {@code skip_count} and {@code last_due_time} after them.
     */
    LIBRARY(List.of("execution_id", "job_id", "job_name", "start_time", "end_time", "status", "succeeded_items",
            "failed_items", "errors", "duration_seconds", "total_items", "stack_trace", "heartbeat_deadline",
            "attributes")),

    /**
     * Exactly the seed stock scheduler's eleven fields, with its names for the item fields ({@code fetched_stocks},
     * {@code failed_stocks}, {@code total_stocks}); no stack trace, heartbeat deadline or attributes.
     */
    STOCKS_COMPAT(List.of("execution_id", "job_id", "job_name", "start_time", "end_time", "status", "fetched_stocks",
            "failed_stocks", "errors", "duration_seconds", "total_stocks"));

    private final List<String> runFields;

    FieldNames(List<String> runFields) {
        this.runFields = runFields;
    }

    /** The fields every run has, in the order written (a skipped run in library names has two more). */
    public List<String> runFields() {
        return runFields;
    }

    String succeededItems() {
        return runFields.get(6);
    }

    String failedItems() {
        return runFields.get(7);
    }

    String totalItems() {
        return runFields.get(10);
    }

    boolean allFields() {
        return this == LIBRARY;
    }
}
