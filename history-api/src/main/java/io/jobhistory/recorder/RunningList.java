package io.jobhistory.recorder;

/**
 * The queued entries holding a running record or a pending start, oldest first: the first the drop policy drops when
 * the queue is full. Linked through the entries themselves ({@link QueueEntry#previousRunning},
 * {@link QueueEntry#nextRunning}): no allocation and no hashing per run.
 *
 * <p>Threading: guarded by the write-behind queue's lock, like the entries' links.
 */
final class RunningList {

    private QueueEntry head;
    private QueueEntry tail;

    /** The entry linked longest; null if none. */
    QueueEntry oldest() {
        return head;
    }

    void link(QueueEntry entry) {
        entry.linked = true;
        entry.previousRunning = tail;
        entry.nextRunning = null;
        if (tail == null) {
            head = entry;
        } else {
            tail.nextRunning = entry;
        }
        tail = entry;
    }

    /** Unlinks {@code entry}, if linked. */
    void unlink(QueueEntry entry) {
        if (!entry.linked) {
            return;
        }
        entry.linked = false;
        if (entry.previousRunning == null) {
            head = entry.nextRunning;
        } else {
            entry.previousRunning.nextRunning = entry.nextRunning;
        }
        if (entry.nextRunning == null) {
            tail = entry.previousRunning;
        } else {
            entry.nextRunning.previousRunning = entry.previousRunning;
        }
        entry.previousRunning = null;
        entry.nextRunning = null;
    }

    /** Forgets every entry, without touching them: their links are never followed again (see {@link #forget}). */
    void clear() {
        head = null;
        tail = null;
    }

    /** Clears an entry's links once its list was {@linkplain #clear() cleared}: it keeps no neighbour reachable. */
    static void forget(QueueEntry entry) {
        entry.linked = false;
        entry.previousRunning = null;
        entry.nextRunning = null;
    }
}
