package io.jobhistory.recorder;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a write-behind recorder's writer has done so far, from {@link JobExecutionRecorder#writeBehindStats()}. Counts
 * are since the recorder was built.
 *
 * @param queueDepth      records held now: queued, or taken by the writer and not yet stored or refused
 * @param stored          records the store accepted
 * @param coalesced       records that never needed a write of their own: replaced while queued by a later state of
 *                        the same run (a running record by its finished one, a heartbeat by the next), or a running
 *                        record arriving after its run's finished one
 * @param retried         write attempts that failed transiently and were retried
 * @param dropped         records dropped because the queue was full
 * @param rejected        records the store refused permanently (not retried), or could not store before
 *                        {@code close()}'s deadline
 * @param lastFailure     the last failure of the store, as its exception's {@code toString()}, if there was one
 * @param lastFailureTime when it happened
 */
public record WriteBehindStats(int queueDepth, long stored, long coalesced, long retried, long dropped, long rejected,
                               Optional<String> lastFailure, Optional<Instant> lastFailureTime) {

    /** Checks that the optional values are given (empty, not null). */
    public WriteBehindStats {
        Objects.requireNonNull(lastFailure, "lastFailure must not be null");
        Objects.requireNonNull(lastFailureTime, "lastFailureTime must not be null");
    }
}
