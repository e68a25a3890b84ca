package io.jobhistory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome of one run of a job.
 *
 * <p>Each status has a stable lower-case wire name ({@code success}, {@code partial_success}, ...) used in JSON,
 * in storage and in query parameters. When each one is recorded:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md#statuses">docs/recording.md</a>.
 */
public enum ExecutionStatus {
    /** The run has started and not finished yet. */
    RUNNING("running"),
    /** Every reported item succeeded, or the job reported no items and returned normally. */
    SUCCESS("success"),
    /** Some items succeeded and some failed. */
    PARTIAL_SUCCESS("partial_success"),
    /** The job threw, or it reported items and all of them failed. */
    FAILED("failed"),
    /**
     * A run that was due but did not execute: a misfire, a veto, an overlap, a lock not acquired. Its start time is
     * when it was due, its duration zero, the reason is in its errors; consecutive skips of one job are kept as one
     * record with a {@linkplain ExecutionRecord#skipCount() count}. Not a success and not a failure.
     */
    SKIPPED("skipped"),
    /**
     * A running record whose heartbeat deadline has passed: the process that ran it most likely died.
     * Never stored; registries report it when they read such a record. If the run does finish after all,
     * its true outcome replaces this one.
     */
    ABANDONED("abandoned");

    private static final String ALLOWED = Arrays.stream(values())
            .map(ExecutionStatus::wireName)
            .collect(Collectors.joining(", "));

    private final String wireName;

    ExecutionStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in JSON, storage and query parameters, for example {@code partial_success}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the run has ended: {@code SUCCESS}, {@code PARTIAL_SUCCESS}, {@code FAILED} or {@code SKIPPED}. */
    public boolean isFinished() {
        return this == SUCCESS || this == PARTIAL_SUCCESS || this == FAILED || this == SKIPPED;
    }

    /**
     * Parses a wire name such as {@code partial_success}; the constant name ({@code PARTIAL_SUCCESS}) is accepted too.
     *
     * @throws IllegalArgumentException if {@code name} is null or names no status; the message lists the allowed names
     */
    public static ExecutionStatus fromWireName(String name) {
        if (name != null) {
            String normalized = name.trim().toLowerCase(Locale.ROOT);
            for (ExecutionStatus status : values()) {
                if (status.wireName.equals(normalized)) {
                    return status;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown execution status '" + name + "'; allowed: " + ALLOWED);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
