package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One place in the write-behind queue: a record, or a run's start whose running record the writer builds later, and
 * the sequence number of its first offer, which fixes its place in the queue.
 *
 * <p>Threading. A start's {@linkplain #state state} moves once, by compare-and-set, from pending to one of finished
 * (its run's own thread put the finished record in its place), taken (the writer builds its running record) or gone
 * (dropped, withdrawn by its own thread, or reported by close): whoever wins that race owns the start, and nobody else
 * writes it. {@link #finished} is written before the compare-and-set that publishes it. The inbox fields are written
 * by the pushing thread before it publishes the entry ({@link StartInbox}); every other field is guarded by the queue's
 * lock, or belongs to the writer once the writer has taken the entry out of the queue.
 */
final class QueueEntry {

    private static final int PENDING = 0;
    /** The run finished while its start was queued: {@link #finished} is its record. */
    private static final int FINISHED = 1;
    /** The writer took the start to build its running record. */
    private static final int TAKEN = 2;
    /** Dropped, or withdrawn by its own thread, or reported by close(): nobody writes it. */
    private static final int GONE = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(QueueEntry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String id;
    /** A record's record (guarded by the queue's lock); null for a start. */
    ExecutionRecord record;
    /** A start's run; null for a record. */
    final WriteBehindQueue.LazyRecord lazy;
    /** A start's state. */
    private volatile int state;
    /** A start's finished record, written before the state becomes {@link #FINISHED}. */
    private ExecutionRecord finished;
    /** Set when queued (under the lock). */
    long firstSeq;
    /** Whether the writer deletes {@link #record}'s run instead of saving it (guarded like {@link #record}). */
    boolean deletion;
    /** Whether dropping this entry began a drop episode (set under the lock, read when reporting the drop). */
    boolean firstDrop;
    // the inbox, written by the pushing thread before it publishes the entry
    QueueEntry nextInInbox;
    int inboxDepth;
    // the running list, while linked (see RunningList)
    boolean linked;
    QueueEntry previousRunning;
    QueueEntry nextRunning;

    private QueueEntry(String id, ExecutionRecord record, WriteBehindQueue.LazyRecord lazy) {
        this.id = id;
        this.record = record;
        this.lazy = lazy;
    }

    static QueueEntry ofRecord(ExecutionRecord record) {
        return new QueueEntry(record.executionId(), record, null);
    }

    static QueueEntry ofStart(WriteBehindQueue.LazyRecord run) {
        return new QueueEntry(run.executionId(), null, run);
    }

    /** The key in the queue: a record's execution id; a start itself (starts never coalesce by id). */
    Object key() {
        return lazy == null ? id : this;
    }

    /** Whether this entry holds a running record, or a start still pending: what the drop policy drops first. */
    boolean isRunning() {
        return lazy == null ? !deletion && !record.isFinished() : isPending();
    }

    /** Puts a start's finished record in its place, unless the writer took it or it is gone. */
    boolean finish(ExecutionRecord finishedRecord) {
        finished = finishedRecord;
        return STATE.compareAndSet(this, PENDING, FINISHED);
    }

    /** Makes a start the writer's to build, unless its run finished or it is gone. */
    boolean take() {
        return STATE.compareAndSet(this, PENDING, TAKEN);
    }

    /** Makes a start gone, unless its run finished or the writer took it. */
    boolean withdraw() {
        return STATE.compareAndSet(this, PENDING, GONE);
    }

    boolean isPending() {
        return state == PENDING;
    }

    boolean isTaken() {
        return state == TAKEN;
    }

    boolean isGone() {
        return state == GONE;
    }

    /** A start's finished record, if its run finished while queued; else null. */
    ExecutionRecord finishedRecord() {
        return state == FINISHED ? finished : null;
    }

    /**
     * A start's running record, as {@link WriteBehindQueue.LazyRecord#snapshot}; null if that returns null, or fails
     * (logged: the run's finished record is still stored).
     */
    ExecutionRecord buildRunning(boolean renew) {
        try {
            return lazy.snapshot(renew);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            WriteBehindLog.couldNotBuild(id, e);
            return null;
        }
    }

    /**
     * What close() reports for this entry, which the writer never stored: its record; for a start, its running record
     * unless its run has finished (that run saves its finished record itself, offers failing from now on), or its
     * finished record if that took the start's place. Null when there is nothing to report.
     */
    ExecutionRecord recordLeftAtClose() {
        if (record != null) {
            return record; // for a deletion: the running record it could not delete
        }
        if (withdraw() || isTaken()) {
            return lazy.isFinished() ? null : buildRunning(false);
        }
        return finishedRecord(); // null once withdrawn by its own thread, which saves it
    }
}
