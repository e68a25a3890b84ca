package io.jobhistory.recorder;

/**
 * A run started by {@link JobExecutionRecorder#start}, for integrations that see its start and end as two events
 * (a scheduler's listeners). From {@code start} until {@code finish} its context is
 * {@linkplain RunContext#current() current} on the thread that started it, and its ids are in that thread's
 * MDC; finish it on that same thread so both are cleared. Thread-safe; only the first {@code finish} counts.
 */
public interface RecordedRun {

    /** The run's execution id. */
    String executionId();

    /** The job's id. */
    String jobId();

    /** Where the job reports its items. */
    RunContext context();

    /** Ends the run with the outcome of its reported items, as when a wrapped job returns. */
    default void finish() {
        finish(null);
    }

    /**
     * Ends the run: {@code failed} with {@code failure} if not null (as when a wrapped job throws), otherwise with the
     * outcome of its reported items.
     */
    void finish(Throwable failure);
}
