package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.StoreException;
import io.jobhistory.internal.Records;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write-behind queue: where job threads leave records for the {@link Writer}, and what flush and close wait on.
 * A record replaces the queued record of the same execution unless that one is finished and the new one is not (the
 * store's own rule), so a short run costs one write. Its parts: {@link StartInbox} (the lock-free way in for a run's
 * start), {@link PendingRecords} (the queue and its drop policy), {@link InFlight} (what the writer is writing),
 * {@link WriteBehindCounters}, {@link DroppedRecords} and {@link WriteBehindLog}.
 *
 * <p>Threading. A run's start takes no lock: {@link #offerStart} pushes it onto the inbox, and the run's finished
 * record takes its place there with one compare-and-set ({@link QueueEntry#finish}) while the writer has not got to it;
 * a job thread takes the lock only when the writer is idle (to wake it) or the queue is full. Everything else in the
 * queue is guarded by {@link #lock}: whoever holds it moves the inbox into the queue first ({@link #drainInbox}), so
 * that sequence numbers follow the order of offers. Nothing is logged, stored or told to a listener under the lock:
 * drops are collected under it and reported after. {@code stopped}, {@code queued}, {@code writerIdle} and
 * {@code aborted} are volatile so that the lock-free path and the writer can read them without the lock; they are
 * written under it (except {@code stopped}, which only ever turns true).
 */
final class WriteBehindQueue {

    /**
     * After taking a batch, the writer looks for the next one every linger time for this long, so that job threads
     * need not wake it (a wake-up costs the job's thread microseconds); after that it waits to be woken.
     */
    private static final long POLL_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WriteBehind settings;
    private final Listeners listeners;
    private final DroppedRecords droppedRecords;
    private final StartInbox inbox = new StartInbox();
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when there is something for the writer to do: a record, a flush, a close. */
    private final Condition work = lock.newCondition();
    /** Signalled when the writer has settled a batch, or stopped. */
    private final Condition progress = lock.newCondition();

    /** Set once the queue takes no more starts (closing, or the writer died): a start then goes the locked way. */
    private volatile boolean stopped;
    /** The queue's size, for job threads to check the capacity without the lock. */
    private volatile int queued;
    /** Whether the writer waits for a signal (idle for a while); otherwise it polls and needs none. */
    private volatile boolean writerIdle;
    /** Set when close() gives up on what the writer holds. */
    private volatile boolean aborted;

    // guarded by lock
    private final PendingRecords pending;
    private final InFlight inFlight = new InFlight();
    private final WriteBehindCounters counters = new WriteBehindCounters();
    private boolean flushRequested;
    private boolean closing;
    private boolean writerDone;

    /** When the writer last took a batch; 0 before the first (the writer thread's). */
    private long lastBatchNanos;

    WriteBehindQueue(ExecutionHistoryRegistry registry, WriteBehind settings, Listeners listeners) {
        this.settings = settings;
        this.listeners = listeners;
        this.pending = new PendingRecords(settings.capacity());
        this.droppedRecords = new DroppedRecords(listeners, settings.capacity(), this::lastFailureText);
        this.writer = new Thread(new Writer(this, registry, settings), "jobhistory-write-behind");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues {@code record} for the writer. Returns false, doing nothing, once the writer has stopped (after
     * {@link #close()}); the caller then saves it itself.
     */
    boolean offer(ExecutionRecord record) {
        return offer(record, null);
    }

    /**
     * As {@link #offer(ExecutionRecord)}, for the record of a run whose start {@link #offerStart} queued as
     * {@code start}: while the writer has not got to that start, the record takes its place without a lock.
     */
    boolean offer(ExecutionRecord record, QueueEntry start) {
        if (start != null) {
            if (!stopped) {
                if (start.finish(record)) {
                    return true;
                }
            } else {
                start.withdraw(); // closing: the record goes the locked way, and its start is nobody's to write
            }
        }
        List<QueueEntry> drops = null;
        QueueEntry dropped = null;
        lock.lock();
        try {
            if (writerDone || aborted || closing) {
                return false; // closing: close() waits for what was queued before it, later records are saved at once
            }
            drops = drainInbox();
            pending.nextSeq();
            String id = record.executionId();
            QueueEntry entry = pending.get(id);
            if (entry != null) {
                counters.coalesced++;
                if (!Records.isRefused(entry.record, record)) {
                    if (record.isFinished()) {
                        pending.finished(entry);
                    }
                    entry.record = record;
                }
                return true;
            }
            QueueEntry writing = inFlight.get(id);
            if (writing != null && Records.isRefused(writing.record, record)) {
                counters.coalesced++;
                return true;
            }
            QueueEntry added = QueueEntry.ofRecord(record);
            dropped = pending.addRecord(added);
            queued = pending.size();
            if (dropped != null) {
                dropped.firstDrop = counters.countDrop();
            }
            if (dropped != added) {
                wakeWriter();
            }
            return true;
        } finally {
            lock.unlock();
            droppedRecords.report(drops); // also when the record coalesced: the inbox's drops are reported too
            if (dropped != null) {
                droppedRecords.report(dropped);
            }
        }
    }

    /**
     * Queues the start of {@code run} without a lock: the writer builds its running record
     * ({@link LazyRecord#snapshot}) when it gets there, unless the run has finished by then. Returns null, doing
     * nothing, once the queue takes no more starts (closing, or the writer died): the caller then saves the running
     * record itself.
     *
     * @return what to hand {@link #offer(ExecutionRecord, QueueEntry)} with the run's next record
     */
    QueueEntry offerStart(LazyRecord run) {
        if (stopped) {
            return null;
        }
        QueueEntry entry = QueueEntry.ofStart(run);
        int depth = inbox.push(entry);
        if (writerIdle || depth + queued > settings.capacity()) {
            List<QueueEntry> drops;
            lock.lock();
            try {
                drops = drainInbox(); // applies the capacity
                wakeWriter();
            } finally {
                lock.unlock();
            }
            droppedRecords.report(drops);
        }
        if (stopped && entry.withdraw()) {
            return null; // close() may have taken the inbox before this push: nobody else will store it
        }
        return entry;
    }

    /**
     * Under the lock: moves the starts job threads pushed into the queue, oldest first, making room as the drop policy
     * says when full. Returns the entries dropped, to report once the lock is released; null if none.
     */
    private List<QueueEntry> drainInbox() {
        if (inbox.isEmpty()) {
            return null;
        }
        List<QueueEntry> drops = null;
        QueueEntry next;
        for (QueueEntry start = inbox.takeOldestFirst(); start != null; start = next) {
            next = StartInbox.next(start);
            QueueEntry victim = pending.addStart(start);
            if (victim != null) {
                drops = DroppedRecords.add(drops, victim, counters.countDrop());
            }
        }
        queued = pending.size();
        return drops;
    }

    /** Under the lock. */
    private void wakeWriter() {
        if (writerIdle) {
            writerIdle = false;
            work.signal();
        }
    }

    /**
     * Waits until every record offered before this call is stored (or refused, or dropped), at most {@code timeout}.
     *
     * @return whether it got there in time
     */
    boolean flush(Duration timeout) {
        long remaining = timeout.toNanos();
        List<QueueEntry> drops = null;
        lock.lock();
        try {
            drops = drainInbox();
            long target = pending.lastSeq();
            flushRequested = true;
            work.signal();
            while (inFlight.holdsUpTo(target) || !pending.nothingUpTo(target)) {
                if (remaining <= 0 || aborted) {
                    return false;
                }
                try {
                    remaining = progress.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
            droppedRecords.report(drops);
        }
    }

    /**
     * Waits up to the close timeout for the writer to store everything queued before this call, then stops it; records
     * offered from now on are saved by their own threads (so steady recording cannot keep close() from finishing).
     * What the writer could not store is logged, counted as rejected and reported to the listeners.
     *
     * @return the records that were not stored
     */
    List<ExecutionRecord> close() {
        List<QueueEntry> unstoredEntries;
        List<QueueEntry> drops;
        long droppedNow;
        stopped = true; // starts pushed from now on are saved by their own thread
        lock.lock();
        try {
            if (closing) {
                return List.of();
            }
            closing = true;
            drops = drainInbox();
            work.signal();
            long remaining = settings.closeTimeout().toNanos();
            while (!writerDone && remaining > 0) {
                try {
                    remaining = progress.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            aborted = true;
            drops = DroppedRecords.concat(drops, drainInbox());
            // also when the writer died: what it held and what is queued is reported, not silently left
            unstoredEntries = inFlight.abandon();
            unstoredEntries.addAll(pending.removeAll());
            queued = 0;
            droppedNow = counters.endDropEpisode();
            progress.signalAll();
            work.signal();
        } finally {
            lock.unlock();
        }
        writer.interrupt();
        droppedRecords.report(drops);
        List<ExecutionRecord> unstored = new ArrayList<>(unstoredEntries.size());
        for (QueueEntry entry : unstoredEntries) {
            ExecutionRecord record = entry.recordLeftAtClose();
            if (record != null) {
                unstored.add(record);
            }
        }
        lock.lock();
        try {
            counters.rejected += unstored.size();
        } finally {
            lock.unlock();
        }
        WriteBehindLog.dropsEnded(droppedNow, settings.capacity());
        if (!unstored.isEmpty()) {
            WriteBehindLog.closedWithUnstored(settings.closeTimeout(), unstored, lastFailureText());
            StoreException failure = new StoreException("not stored before close() returned, within "
                    + settings.closeTimeout(), null, true);
            for (ExecutionRecord record : unstored) {
                listeners.storageFailed(record, failure);
            }
        }
        return unstored;
    }

    WriteBehindStats stats() {
        lock.lock();
        try {
            return counters.snapshot(pending.size() + inbox.depth() + inFlight.unsettled());
        } finally {
            lock.unlock();
        }
    }

    /** Records that will never be stored: refused, dropped, or left at close. */
    long failures() {
        lock.lock();
        try {
            return counters.failures();
        } finally {
            lock.unlock();
        }
    }

    private String lastFailureText() {
        lock.lock();
        try {
            return counters.lastFailureText();
        } finally {
            lock.unlock();
        }
    }

    // ---- for the writer thread ----

    /** Everything queued, oldest first, once there is something to write; null once closing with nothing left. */
    LinkedHashMap<Object, QueueEntry> take() throws InterruptedException {
        List<QueueEntry> drops = null;
        lock.lock();
        try {
            boolean woken = lastBatchNanos == 0;
            long linger = settings.linger().toNanos();
            drops = drainInbox();
            while (pending.isEmpty()) {
                if (closing || aborted) {
                    stopped = true;
                    drops = DroppedRecords.concat(drops, drainInbox()); // starts pushed just before close(): stored too
                    if (pending.isEmpty()) {
                        writerDone = true;
                        progress.signalAll();
                        return null;
                    }
                    break;
                }
                flushRequested = false;
                if (linger > 0 && System.nanoTime() - lastBatchNanos < POLL_FOR_NANOS) {
                    // busy lately: look again after the linger time, so that job threads need not wake the writer
                    work.awaitNanos(linger);
                } else {
                    writerIdle = true; // before looking at the inbox: a start pushed after that look sees it
                    drops = DroppedRecords.concat(drops, drainInbox());
                    if (pending.isEmpty()) {
                        work.await();
                        woken = true;
                    }
                    writerIdle = false;
                }
                drops = DroppedRecords.concat(drops, drainInbox());
            }
            if (woken) {
                lingerAfterWakeUp();
                drops = DroppedRecords.concat(drops, drainInbox());
            }
            lastBatchNanos = System.nanoTime();
            if (aborted) {
                return null;
            }
            flushRequested = false;
            LinkedHashMap<Object, QueueEntry> taken = pending.takeAll();
            inFlight.begin(taken);
            queued = 0;
            return taken;
        } finally {
            lock.unlock();
            droppedRecords.report(drops);
        }
    }

    /** Waits the linger time after being woken by a record, unless a flush, a close or a full batch cuts it. */
    private void lingerAfterWakeUp() throws InterruptedException {
        long remaining = settings.linger().toNanos();
        while (remaining > 0 && !flushRequested && !closing && !aborted
                && pending.size() + inbox.depth() < settings.maxBatchSize()) {
            remaining = work.awaitNanos(remaining);
        }
    }

    boolean isAborted() {
        return aborted;
    }

    /** Counts {@code entries} taken entries settled, {@code finishedStarts} of them starts a finished record replaced. */
    void settle(int entries, int finishedStarts) {
        lock.lock();
        try {
            if (!aborted) { // close() gave up on what was in flight and reported it
                inFlight.settle(entries);
                counters.coalesced += finishedStarts;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything {@link #take()} returned is settled: flushes may return; the emptied map becomes the next queue. */
    void batchDone(LinkedHashMap<Object, QueueEntry> taken) {
        lock.lock();
        try {
            inFlight.end();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        taken.clear(); // no job thread sees it any more: inFlight no longer points at it
        lock.lock();
        try {
            pending.recycle(taken);
        } finally {
            lock.unlock();
        }
    }

    /** {@code count} records were stored: counted, and a drop episode ends if the writer has caught up. */
    void stored(int count, WriteBehindLog log) {
        int queuedNow;
        long droppedNow;
        lock.lock();
        try {
            counters.stored += count;
            queuedNow = pending.size();
            droppedNow = queuedNow == 0 ? counters.endDropEpisode() : 0;
        } finally {
            lock.unlock();
        }
        log.stored(count, queuedNow);
        WriteBehindLog.dropsEnded(droppedNow, settings.capacity());
    }

    void failedTransiently(List<ExecutionRecord> batch, Throwable failure, WriteBehindLog log) {
        int held;
        lock.lock();
        try {
            counters.failed(failure, true);
            held = pending.size() + inFlight.unsettled();
        } finally {
            lock.unlock();
        }
        log.failedTransiently(batch, failure, held);
    }

    void refused(ExecutionRecord record, Throwable failure, WriteBehindLog log) {
        lock.lock();
        try {
            counters.failed(failure, false);
        } finally {
            lock.unlock();
        }
        log.refused(record, failure);
        listeners.storageFailed(record, failure);
    }

    /** The writer has stopped, for good: starts go the locked way from now on, and close() need not wait. */
    void writerExited() {
        stopped = true;
        List<QueueEntry> drops;
        lock.lock();
        try {
            writerDone = true;
            drops = drainInbox(); // into the queue, for close() to report
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        droppedRecords.report(drops);
    }

    /** A run whose running record the writer builds when it gets there. */
    interface LazyRecord {
        String executionId();

        /**
         * The running record as of now. With {@code renew} (the writer storing it), null if the run has finished,
         * and the run is renewed by the heartbeats from now on; without, only for a report.
         */
        ExecutionRecord snapshot(boolean renew);

        /** As {@code snapshot(true)} without building the record: the run is renewed from now on, if still going. */
        void renewFromNow();

        /** Whether the run has finished (its finished record is, or is about to be, offered). */
        boolean isFinished();
    }
}
