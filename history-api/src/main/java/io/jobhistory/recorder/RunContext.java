package io.jobhistory.recorder;

import java.util.Optional;

/**
 * What a running job reports about itself: which items succeeded, which failed and why. Handed to an
 * {@link ItemJob} by the recorder, and reachable from anywhere on the run's thread through {@link #current()}; safe
 * to call from several threads of the same run. Values beyond the recorder's {@link RecordLimits} are counted and
 * truncated, never rejected.
 *
 * <p>While a recorded run executes, its thread's SLF4J MDC holds {@value #MDC_JOB_ID} and
 * {@value #MDC_EXECUTION_ID} (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md#the-run-context">docs/recording.md</a>).
 *
 * <p>Once the run has ended every method throws {@link IllegalStateException}: a report that arrives late would
 * otherwise be lost silently.
 */
public interface RunContext {

    /** MDC key of the job id while a recorded run executes. */
    String MDC_JOB_ID = "jobhistory.job_id";

    /** MDC key of the execution id while a recorded run executes. */
    String MDC_EXECUTION_ID = "jobhistory.execution_id";

    /**
     * The context of the recorded run executing on this thread, so code deep in a job's call stack can report items
     * without having it passed down; empty on any other thread, and after the run has ended.
     */
    static Optional<RunContext> current() {
        return Optional.ofNullable(CurrentRun.get());
    }

    /** Id of this run, as it will be stored. */
    String executionId();

    /** Id of the job this run belongs to. */
    String jobId();

    /** Reports that {@code item} was handled successfully. */
    void succeeded(String item);

    /** Reports that {@code item} failed, with a message that is added to the run's errors. */
    void failed(String item, String message);

    /** Reports that {@code item} failed because of {@code cause}; its type and message are added to the errors. */
    void failed(String item, Throwable cause);

    /** Adds an error message that belongs to no single item. It does not by itself fail the run. */
    void error(String message);

    /** Sets how many items the run has to handle. Default: the number of items reported. */
    void totalItems(int total);

    /** Adds a free-form attribute to this run's record, such as the data source used. */
    void attribute(String name, String value);

    /**
     * Says this run did not happen: a guard declined it (a lock held by another instance, a switch turned off) and
     * the job does no work. When the job returns, the recorder keeps no run for it: it counts it and, as its
     * {@link NotRunHandling} says, forgets it (the default) or keeps a {@code skipped} record with this reason. If the
     * job throws instead, the run is recorded as failed as usual. The first reason given counts.
     *
     * @throws IllegalArgumentException if {@code reason} is blank
     * @throws IllegalStateException    if the run has ended
     */
    void notRun(String reason);
}
