package io.jobhistory.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the writer took from the queue and is writing, in batches, oldest first: the writer swaps the whole queue out at
 * once, so a job thread never waits for the writer to copy records. Entries are settled (stored, refused, or needing
 * no write) in order, so the first {@link #settled()} of them are done.
 *
 * <p>Threading: guarded by the write-behind queue's lock. The taken map itself is read-only while it is here; job
 * threads only look records up in it (a running record arriving after its run's finished record is refused).
 */
final class InFlight {

    private Map<Object, QueueEntry> taken = Map.of();
    private int settled;
    private long firstSeq;

    /** Starts writing {@code entries}, taken from the queue (not empty). */
    void begin(Map<Object, QueueEntry> entries) {
        taken = entries;
        settled = 0;
        firstSeq = entries.values().iterator().next().firstSeq;
    }

    /** Counts {@code count} more entries settled. */
    void settle(int count) {
        settled += count;
    }

    /** Everything taken is settled: forgets it. */
    void end() {
        taken = Map.of();
        settled = 0;
    }

    /** The taken record entry of execution {@code id}; null if none. */
    QueueEntry get(String id) {
        return taken.get(id);
    }

    /** How many taken entries are not settled yet. */
    int unsettled() {
        return taken.size() - settled;
    }

    /** Whether an entry first offered at or before {@code seqNumber} is still being written. */
    boolean holdsUpTo(long seqNumber) {
        return !taken.isEmpty() && firstSeq <= seqNumber;
    }

    /** Forgets what was taken; returns the entries not settled (links cleared), for close(), which gives up on them. */
    List<QueueEntry> abandon() {
        List<QueueEntry> unsettledEntries = new ArrayList<>();
        int i = 0;
        for (QueueEntry entry : taken.values()) {
            if (i++ >= settled) {
                RunningList.forget(entry);
                unsettledEntries.add(entry);
            }
        }
        end();
        return unsettledEntries;
    }
}
