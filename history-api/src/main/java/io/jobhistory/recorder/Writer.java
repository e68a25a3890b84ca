package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The write-behind writer thread: takes everything queued at once, builds the running records of starts whose runs
 * are still going, and stores the records in batches with {@code saveAll}, oldest first (deleting the runs that did
 * not happen in their place in that order), retrying transient failures
 * with backoff until the store is back (nothing is lost in an outage) and splitting a batch the store refuses so that
 * only the refused record is lost.
 *
 * <p>Threading: runs on its own thread and holds no lock while it builds records, calls the store, sleeps or logs; it
 * reaches the queue's state only through {@link WriterHandoff}, each of which takes the lock
 * briefly. Its {@link WriteBehindLog} episodes are its own.
 */
final class Writer implements Runnable {

    private final WriterHandoff queue;
    private final ExecutionHistoryRegistry registry;
    private final WriteBehind settings;
    private final WriteBehindLog log = new WriteBehindLog();

    Writer(WriterHandoff queue, ExecutionHistoryRegistry registry, WriteBehind settings) {
        this.queue = queue;
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    public void run() {
        try {
            LinkedHashMap<Object, QueueEntry> taken;
            while ((taken = queue.take()) != null) {
                writeOut(taken);
                queue.batchDone(taken);
            }
        } catch (InterruptedException e) {
            // aborted by close()
        } catch (VirtualMachineError | RuntimeException e) {
            WriteBehindLog.writerStopped(e);
            throw e;
        } finally {
            queue.writerExited();
        }
    }

    /** Writes what was taken in batches of at most {@link WriteBehind#maxBatchSize()} records. */
    private void writeOut(LinkedHashMap<Object, QueueEntry> taken) throws InterruptedException {
        List<ExecutionRecord> batch = new ArrayList<>(Math.min(taken.size(), settings.maxBatchSize()));
        int entries = 0; // taken for this batch, including starts that need no write
        int finishedStarts = 0;
        for (QueueEntry entry : taken.values()) {
            entries++;
            RunningList.forget(entry); // the running list of a taken queue is never followed again
            ExecutionRecord record = entry.record;
            if (entry.deletion) { // after the saves before it, and alone
                writeAndSettle(batch, entries - 1, finishedStarts);
                batch = new ArrayList<>(Math.min(taken.size(), settings.maxBatchSize()));
                entries = 0;
                finishedStarts = 0;
                if (queue.isAborted()) {
                    throw new InterruptedException("close() gave up on what the writer holds");
                }
                attempt(List.of(record), true);
                queue.settle(1, 0);
                continue;
            }
            if (record == null) {
                if (entry.take()) {
                    record = entry.buildRunning(true);
                    if (record == null) {
                        // the run finished since, its finished record not queued yet (it is queued behind): until
                        // then, the store holds the run running, so a flush does not miss it
                        record = entry.buildRunning(false);
                    }
                } else {
                    record = entry.finishedRecord(); // null if withdrawn: its own thread saved it
                    if (record != null) {
                        finishedStarts++;
                    }
                }
                if (record == null) {
                    continue;
                }
            }
            batch.add(record);
            if (batch.size() == settings.maxBatchSize()) {
                writeAndSettle(batch, entries, finishedStarts);
                batch = new ArrayList<>(settings.maxBatchSize());
                entries = 0;
                finishedStarts = 0;
            }
        }
        if (entries > 0) {
            writeAndSettle(batch, entries, finishedStarts);
        }
    }

    /**
     * Writes {@code batch}, then counts {@code entries} taken entries settled, {@code finishedStarts} of them starts
     * whose finished record took their place.
     */
    private void writeAndSettle(List<ExecutionRecord> batch, int entries, int finishedStarts)
            throws InterruptedException {
        if (queue.isAborted()) {
            throw new InterruptedException("close() gave up on what the writer holds");
        }
        if (!batch.isEmpty()) {
            attempt(batch, false);
        }
        queue.settle(entries, finishedStarts);
    }

    /**
     * Stores {@code batch}, or with {@code delete} deletes the run of its one record, retrying transient failures;
     * returns once done, refused, or aborted.
     */
    private void attempt(List<ExecutionRecord> batch, boolean delete) throws InterruptedException {
        long backoff = settings.retryBackoff().toNanos();
        while (true) {
            try {
                if (delete) {
                    ExecutionRecord run = batch.get(0);
                    registry.deleteRun(run.jobId(), run.executionId());
                } else {
                    registry.saveAll(batch);
                }
                queue.stored(batch.size(), log);
                return;
            } catch (VirtualMachineError e) {
                if (!(e instanceof OutOfMemoryError)) {
                    throw e;
                }
                queue.failedTransiently(batch, e, log);
            } catch (Throwable failure) {
                if (!StoreFailures.isTransient(failure)) {
                    if (batch.size() == 1) {
                        queue.refused(batch.get(0), failure, log);
                    } else {
                        for (ExecutionRecord record : batch) {
                            attempt(List.of(record), false);
                        }
                    }
                    return;
                }
                queue.failedTransiently(batch, failure, log);
            }
            TimeUnit.NANOSECONDS.sleep(backoff);
            if (queue.isAborted()) {
                throw new InterruptedException("aborted");
            }
            backoff = Math.min(backoff * 2, settings.maxRetryBackoff().toNanos());
        }
    }
}
