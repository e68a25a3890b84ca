package io.jobhistory.recorder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What waits for the writer, oldest first, and the drop policy that keeps it within the capacity: when full, a new
 * entry first makes room by dropping the running record or start queued longest (its run's later state supersedes
 * it), else, for a finished newcomer, the oldest entry; a running newcomer never pushes out a finished record, it goes
 * itself. Records are keyed by execution id (a later record of the same run replaces the queued one), starts by
 * themselves.
 *
 * <p>Threading: guarded by the write-behind queue's lock; it never blocks, logs or calls out. It decides what is
 * dropped and returns it: the caller counts and reports the drop once the lock is released. The map handed to the
 * writer by {@link #takeAll()} is the writer's alone from then on, until it hands it back
 * {@linkplain #recycle emptied}.
 */
final class PendingRecords {

    private final int capacity;
    private LinkedHashMap<Object, QueueEntry> queue = new LinkedHashMap<>();
    /** An emptied queue that kept its table, to be the next queue. */
    private LinkedHashMap<Object, QueueEntry> spare;
    private final RunningList running = new RunningList();
    /** Counts offers; an entry's {@link QueueEntry#firstSeq} is the count at its first offer. */
    private long seq;

    PendingRecords(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Counts an offer, returning its sequence number. */
    long nextSeq() {
        return ++seq;
    }

    /** The sequence number of the last offer: every entry offered so far has a {@code firstSeq} at most this. */
    long lastSeq() {
        return seq;
    }

    /** Whether nothing queued was first offered at or before {@code seqNumber}. */
    boolean nothingUpTo(long seqNumber) {
        return queue.isEmpty() || queue.values().iterator().next().firstSeq > seqNumber;
    }

    /** The queued record entry of execution {@code id}; null if none (starts are not found by id). */
    QueueEntry get(String id) {
        return queue.get(id);
    }

    /** Marks a queued entry's record finished: it leaves the running list. */
    void finished(QueueEntry entry) {
        running.unlink(entry);
    }

    /**
     * Adds a new record entry (no record of its run is queued), numbered with the last offer. When full, drops first:
     * returns the entry dropped, which is {@code entry} itself (not added) if the policy found nothing it may drop;
     * null if nothing was dropped (starts withdrawn by their own threads may have made room).
     */
    QueueEntry addRecord(QueueEntry entry) {
        QueueEntry victim = null;
        if (queue.size() >= capacity) {
            victim = dropRunning();
            if (victim == null && queue.size() >= capacity && (entry.record.isFinished() || entry.deletion)) {
                victim = dropOldest();
            }
            if (victim == null && queue.size() >= capacity) {
                return entry;
            }
        }
        entry.firstSeq = seq;
        put(entry);
        return victim;
    }

    /**
     * Adds a start moved from the inbox, numbered as a new offer. When full, drops first: a start never pushes out a
     * finished record, it goes itself, unless its run has finished, which makes it a finished record. Returns the
     * entry dropped ({@code start} itself if it went, then not added), or null if none was. A start withdrawn by
     * its own thread (which saves the run itself) is skipped: returns null, adds nothing.
     */
    QueueEntry addStart(QueueEntry start) {
        if (!start.isPending() && start.finishedRecord() == null) {
            return null;
        }
        start.firstSeq = nextSeq();
        QueueEntry victim = null;
        if (queue.size() >= capacity) {
            victim = dropRunning();
            if (victim == null && queue.size() >= capacity) {
                victim = start.withdraw() ? start : dropOldest();
            }
            if (victim == start) {
                return start;
            }
        }
        put(start);
        return victim;
    }

    private void put(QueueEntry entry) {
        queue.put(entry.key(), entry);
        if (entry.isRunning()) {
            running.link(entry);
        }
    }

    /**
     * Removes the running record or start queued longest; null if none is queued, or if starts withdrawn by their own
     * threads, removed on the way, made room enough.
     */
    QueueEntry dropRunning() {
        for (QueueEntry victim = running.oldest(); victim != null; victim = running.oldest()) {
            running.unlink(victim);
            if (victim.lazy == null || victim.withdraw()) {
                queue.remove(victim.key());
                return victim;
            }
            if (victim.isGone()) { // withdrawn by its own thread, which saved the run: no drop, just room
                queue.remove(victim.key());
                if (queue.size() < capacity) {
                    return null;
                }
            }
            // else a start whose run has finished since: a finished record now, not a running one
        }
        return null;
    }

    /**
     * Removes the oldest entry; null if nothing is queued, or if starts withdrawn by their own threads, removed on the
     * way, made room enough.
     */
    QueueEntry dropOldest() {
        Iterator<QueueEntry> oldest = queue.values().iterator();
        while (oldest.hasNext()) {
            QueueEntry victim = oldest.next();
            oldest.remove();
            running.unlink(victim);
            if (victim.lazy != null && !victim.withdraw() && victim.isGone()) {
                if (queue.size() < capacity) {
                    return null; // withdrawn by its own thread, which saved the run: room, and no drop
                }
                continue;
            }
            return victim; // a finished start stays finished, and reports its finished record
        }
        return null;
    }

    /**
     * Hands over everything queued, oldest first, and starts an empty queue (the spare, if there is one). The entries'
     * running links are never followed again; the writer clears them as it goes.
     */
    LinkedHashMap<Object, QueueEntry> takeAll() {
        LinkedHashMap<Object, QueueEntry> taken = queue;
        queue = spare != null ? spare : new LinkedHashMap<>();
        spare = null;
        running.clear();
        return taken;
    }

    /**
     * Keeps a map the writer has written out and emptied, as the next queue: a map that kept its table spares job
     * threads the table growing again entry by entry (at 10,000 queued records, most of a job thread's time went to
     * HashMap.resize).
     */
    void recycle(Map<Object, QueueEntry> emptied) {
        if (emptied instanceof LinkedHashMap<Object, QueueEntry> map && map.isEmpty()) {
            spare = map;
        }
    }

    /** Removes and returns everything queued, oldest first, links cleared: for close(). */
    List<QueueEntry> removeAll() {
        List<QueueEntry> all = new ArrayList<>(queue.values());
        queue = new LinkedHashMap<>();
        running.clear();
        for (QueueEntry entry : all) {
            RunningList.forget(entry);
        }
        return all;
    }
}
