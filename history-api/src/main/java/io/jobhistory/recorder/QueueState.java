package io.jobhistory.recorder;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state the write-behind queue's two sides share: job threads, flush and close ({@link WriteBehindQueue}) and the
 * writer thread ({@link WriterHandoff}).
 *
 * <p>Threading rules:
 * <ul>
 *   <li>{@link #inbox} is lock-free: any thread pushes a start onto it at any time.</li>
 *   <li>Everything else is guarded by {@link #lock}, and whoever holds the lock moves the inbox into the queue first
 *       ({@link #drainInbox}), so that sequence numbers follow the order of offers.</li>
 *   <li>{@link #stopped}, {@link #queued}, {@link #writerIdle} and {@link #aborted} are volatile so that the
 *       lock-free path and the writer can read them without the lock; they are written under it, except
 *       {@code stopped}, which only ever turns true.</li>
 *   <li>Nothing is logged, stored, built or told to a listener under the lock (a log call may block, a run's snapshot
 *       takes the run's monitor, which a heartbeat renewal holds while it offers): drops are collected under it and
 *       reported after.</li>
 * </ul>
 */
final class QueueState {

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when there is something for the writer to do: a record, a flush, a close. */
    final Condition work = lock.newCondition();
    /** Signalled when the writer has settled a batch, or stopped. */
    final Condition progress = lock.newCondition();

    final StartInbox inbox = new StartInbox();
    final PendingRecords pending;
    final InFlight inFlight = new InFlight();
    final WriteBehindCounters counters = new WriteBehindCounters();

    /** Set once the queue takes no more starts (closing, or the writer died): a start then goes the locked way. */
    volatile boolean stopped;
    /** The queue's size, for job threads to check the capacity without the lock. */
    volatile int queued;
    /** Whether the writer waits for a signal (idle for a while); otherwise it polls and needs none. */
    volatile boolean writerIdle;
    /** Set when close() gives up on what the writer holds. */
    volatile boolean aborted;
    /** Whether the writer's last attempt failed transiently: the store is down (written by the writer only). */
    volatile boolean storeDown;

    /** A flush waits: the writer does not linger. */
    boolean flushRequested;
    boolean closing;
    /** The writer has stopped, or is about to, with nothing left: close() need not wait. */
    boolean writerDone;

    QueueState(int capacity) {
        this.pending = new PendingRecords(capacity);
    }

    /**
     * Under the lock: moves the starts job threads pushed into the queue, oldest first, making room as the drop policy
     * says when full. Returns the entries dropped, to report once the lock is released; null if none.
     */
    List<QueueEntry> drainInbox() {
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

    /** Under the lock: wakes the writer if it waits for a signal. */
    void wakeWriter() {
        if (writerIdle) {
            writerIdle = false;
            work.signal();
        }
    }

    /** The last store failure's text, or "none"; takes the lock. */
    String lastFailureText() {
        lock.lock();
        try {
            return counters.lastFailureText();
        } finally {
            lock.unlock();
        }
    }
}
