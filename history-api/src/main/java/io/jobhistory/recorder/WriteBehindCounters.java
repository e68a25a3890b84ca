package io.jobhistory.recorder;

import java.time.Instant;
import java.util.Optional;

/**
 * The counts behind {@link WriteBehindStats}, and the drop episode: drops since the writer last caught up (the queue
 * empty after a stored batch) or since close, so sustained overload logs twice, not once per batch.
 *
 * <p>Threading: guarded by the write-behind queue's lock.
 */
final class WriteBehindCounters {

    long stored;
    long coalesced;
    long retried;
    long dropped;
    long rejected;
    private long droppedInEpisode;
    private String lastFailure;
    private Instant lastFailureTime;

    /** Counts a drop; returns whether it is the first of an episode (the one to log). */
    boolean countDrop() {
        dropped++;
        return droppedInEpisode++ == 0;
    }

    /** Ends a drop episode, returning how many it dropped; logs nothing. */
    long endDropEpisode() {
        long count = droppedInEpisode;
        droppedInEpisode = 0;
        return count;
    }

    /** Counts a failed write: retried if {@code transientFailure}, else one record rejected; keeps it as the last. */
    void failed(Throwable failure, boolean transientFailure) {
        if (transientFailure) {
            retried++;
        } else {
            rejected++;
        }
        lastFailure = failure.toString();
        lastFailureTime = Instant.now();
    }

    /** The last failure's text, or "none". */
    String lastFailureText() {
        return lastFailure == null ? "none" : lastFailure;
    }

    /** Records that will never be stored: refused, dropped, or left at close. */
    long failures() {
        return dropped + rejected;
    }

    WriteBehindStats snapshot(int queueDepth) {
        return new WriteBehindStats(queueDepth, stored, coalesced, retried, dropped, rejected,
                Optional.ofNullable(lastFailure), Optional.ofNullable(lastFailureTime));
    }
}
