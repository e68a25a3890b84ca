package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

/**
 * Hears about each recorded run. Every method has a no-op default, so implement only what you need.
 *
 * <p>Listeners are called on the job's thread (storage failures of heartbeats: on the heartbeat thread; with
 * write-behind, records the store refused or {@code close()} could not store: on the writer thread) and should return
 * quickly. A listener that throws is logged and skipped: it never breaks the job or the other listeners.
 */
public interface RunListener {

    /** A run has started; {@code running} is the record just saved (or attempted). */
    default void onStart(ExecutionRecord running) {
    }

    /** A run has finished; {@code finished} is its final record. */
    default void onFinish(ExecutionRecord finished) {
    }

    /**
     * A run said it {@linkplain RunContext#notRun did not happen}; {@code run} is its running record as it ended. No
     * {@link #onFinish} follows for it (with {@link NotRunHandling#RECORD_SKIPPED}, the skipped record is announced
     * to {@link #onFinish}).
     */
    default void onNotRun(ExecutionRecord run, String reason) {
    }

    /**
     * {@code record} will not be stored; the job went on regardless. Without write-behind: its save failed. With
     * write-behind: the store refused it permanently, the queue was full and dropped it (an
     * {@code IllegalStateException} naming the capacity), or {@code close()} could not store it in time; transient
     * failures are retried, not reported here. For a run that {@linkplain RunContext#notRun did not happen},
     * {@code record} is its running record, which could not be deleted the same ways: it stays in the store as running
     * (and reads as abandoned past its heartbeat deadline).
     */
    default void onStorageFailure(ExecutionRecord record, Throwable failure) {
    }
}
