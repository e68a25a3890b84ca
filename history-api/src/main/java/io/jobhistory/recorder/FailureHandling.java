package io.jobhistory.recorder;

/**
 * What a wrapped {@link Runnable} does with an exception its job throws, after the run has been recorded as failed.
 *
 * <p>This matters with {@link java.util.concurrent.ScheduledExecutorService}: when a task scheduled with
 * {@code scheduleAtFixedRate} or {@code scheduleWithFixedDelay} throws, the executor cancels every later run of it,
 * silently (the exception only surfaces through the returned future). Choose {@link #SUPPRESS} to keep such a
 * schedule alive; the failure is still in the history.
 */
public enum FailureHandling {

    /** Rethrow the job's exception unchanged (the default), as if the job had not been wrapped. */
    PROPAGATE,

    /**
     * Record the failure and return normally. Applies to {@link Exception}s only: an {@link Error} such as
     * {@link OutOfMemoryError} is always rethrown. Callables always propagate, since they must return a value.
     */
    SUPPRESS
}
