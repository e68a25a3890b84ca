package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reports entries the write-behind queue dropped because it was full: the first drop of an episode is logged, each
 * dropped record is told to the listeners as a storage failure ({@link QueueFullException}), and a dropped start is
 * renewed by the heartbeats from now on, so a long run still gets its running record stored once the store takes
 * records again.
 *
 * <p>Threading: called outside the queue's lock, by whichever thread dropped the entries: a run's snapshot takes the
 * run's monitor, which a heartbeat renewal holds while it offers, and listeners and logging may block.
 */
final class DroppedRecords {

    private final Listeners listeners;
    private final int capacity;
    /** The last store failure, for the first drop's log line. */
    private final Supplier<String> lastFailure;

    DroppedRecords(Listeners listeners, int capacity, Supplier<String> lastFailure) {
        this.listeners = listeners;
        this.capacity = capacity;
        this.lastFailure = lastFailure;
    }

    /** Collects a dropped entry for reporting once the lock is released; returns the list, created if null. */
    static List<QueueEntry> add(List<QueueEntry> drops, QueueEntry dropped, boolean firstDrop) {
        dropped.firstDrop = firstDrop;
        List<QueueEntry> list = drops == null ? new ArrayList<>() : drops;
        list.add(dropped);
        return list;
    }

    static List<QueueEntry> concat(List<QueueEntry> a, List<QueueEntry> b) {
        if (a == null) {
            return b;
        }
        if (b != null) {
            a.addAll(b);
        }
        return a;
    }

    /** Reports each of {@code drops}; null means none. */
    void report(List<QueueEntry> drops) {
        if (drops != null) {
            for (QueueEntry entry : drops) {
                report(entry);
            }
        }
    }

    void report(QueueEntry entry) {
        ExecutionRecord record = entry.record;
        if (record == null) {
            record = entry.finishedRecord();
        }
        if (record == null && listeners.isEmpty()) {
            try {
                entry.lazy.renewFromNow(); // no record to build: nobody to tell
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                WriteBehindLog.couldNotScheduleHeartbeats(entry.id, e);
            }
            logIfFirst(entry.firstDrop);
            return;
        }
        if (record == null) {
            record = entry.buildRunning(true);
            if (record == null) { // finished meanwhile: its finished record follows
                record = entry.buildRunning(false);
            }
            if (record == null) {
                logIfFirst(entry.firstDrop); // the record could not even be built (logged): the drop still is
                return;
            }
        }
        logIfFirst(entry.firstDrop);
        listeners.storageFailed(record, new QueueFullException(capacity));
    }

    private void logIfFirst(boolean firstDrop) {
        if (firstDrop) {
            WriteBehindLog.queueFull(capacity, lastFailure.get());
        }
    }

    /** Told to listeners for a record dropped because the queue was full. */
    static final class QueueFullException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        QueueFullException(int capacity) {
            super("dropped: the write-behind queue was full (capacity " + capacity + ")");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
