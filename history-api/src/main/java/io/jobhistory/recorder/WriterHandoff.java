package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write-behind queue as the {@link Writer} sees it: waits for work and takes everything queued at once, then
 * settles what it wrote, counts stores and failures, and tells the queue when it stops.
 *
 * <p>Threading: called by the writer thread only. Each method takes the queue's lock briefly (the rules are
 * {@link QueueState}'s) and logs, reports drops or tells listeners only after releasing it.
 * {@link #lastBatchNanos} is the writer thread's own.
 */
final class WriterHandoff {

    /**
     * After taking a batch, the writer looks for the next one every linger time for this long, so that job threads
     * need not wake it (a wake-up costs the job's thread microseconds); after that it waits to be woken.
     */
    private static final long POLL_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final QueueState state;
    private final WriteBehind settings;
    private final Listeners listeners;
    private final DroppedRecords droppedRecords;
    private final ReentrantLock lock;
    private final PendingRecords pending;
    private final InFlight inFlight;
    private final WriteBehindCounters counters;

    /** When the writer last took a batch; 0 before the first. */
    private long lastBatchNanos;

    WriterHandoff(QueueState state, WriteBehind settings, Listeners listeners, DroppedRecords droppedRecords) {
        this.state = state;
        this.settings = settings;
        this.listeners = listeners;
        this.droppedRecords = droppedRecords;
        this.lock = state.lock;
        this.pending = state.pending;
        this.inFlight = state.inFlight;
        this.counters = state.counters;
    }

    /** Everything queued, oldest first, once there is something to write; null once closing with nothing left. */
    LinkedHashMap<Object, QueueEntry> take() throws InterruptedException {
        List<QueueEntry> drops = null;
        lock.lock();
        try {
            boolean woken = lastBatchNanos == 0;
            long linger = settings.linger().toNanos();
            drops = state.drainInbox();
            while (pending.isEmpty()) {
                if (state.closing || state.aborted) {
                    state.stopped = true;
                    // starts pushed just before close(): stored too
                    drops = DroppedRecords.concat(drops, state.drainInbox());
                    if (pending.isEmpty()) {
                        state.writerDone = true;
                        state.progress.signalAll();
                        return null;
                    }
                    break;
                }
                state.flushRequested = false;
                if (linger > 0 && System.nanoTime() - lastBatchNanos < POLL_FOR_NANOS) {
                    // busy lately: look again after the linger time, so that job threads need not wake the writer
                    state.work.awaitNanos(linger);
                } else {
                    state.writerIdle = true; // before looking at the inbox: a start pushed after that look sees it
                    drops = DroppedRecords.concat(drops, state.drainInbox());
                    if (pending.isEmpty()) {
                        state.work.await();
                        woken = true;
                    }
                    state.writerIdle = false;
                }
                drops = DroppedRecords.concat(drops, state.drainInbox());
            }
            if (woken) {
                lingerAfterWakeUp();
                drops = DroppedRecords.concat(drops, state.drainInbox());
            }
            lastBatchNanos = System.nanoTime();
            if (state.aborted) {
                return null;
            }
            state.flushRequested = false;
            LinkedHashMap<Object, QueueEntry> taken = pending.takeAll();
            inFlight.begin(taken);
            state.queued = 0;
            return taken;
        } finally {
            lock.unlock();
            droppedRecords.report(drops);
        }
    }

    /** Waits the linger time after being woken by a record, unless a flush, a close or a full batch cuts it. */
    private void lingerAfterWakeUp() throws InterruptedException {
        long remaining = settings.linger().toNanos();
        while (remaining > 0 && !state.flushRequested && !state.closing && !state.aborted
                && pending.size() + state.inbox.depth() < settings.maxBatchSize()) {
            remaining = state.work.awaitNanos(remaining);
        }
    }

    boolean isAborted() {
        return state.aborted;
    }

    /** Counts {@code entries} taken entries settled, {@code finishedStarts} of them starts replaced by their finish. */
    void settle(int entries, int finishedStarts) {
        lock.lock();
        try {
            if (!state.aborted) { // close() gave up on what was in flight and reported it
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
            state.progress.signalAll();
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
            state.storeDown = false;
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
            state.storeDown = true;
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
        state.stopped = true;
        List<QueueEntry> drops;
        lock.lock();
        try {
            state.writerDone = true;
            drops = state.drainInbox(); // into the queue, for close() to report
            state.progress.signalAll();
        } finally {
            lock.unlock();
        }
        droppedRecords.report(drops);
    }
}
