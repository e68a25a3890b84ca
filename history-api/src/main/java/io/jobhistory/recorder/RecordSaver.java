package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Saves records for the recorder, on the caller's thread or, with write-behind, through the queue: a failure is
 * logged, counted and told to the listeners, never thrown.
 */
final class RecordSaver {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final ExecutionHistoryRegistry registry;
    private final Listeners listeners;
    /** Null when saving synchronously. */
    private final WriteBehindQueue queue;
    private final LongAdder failures = new LongAdder();

    RecordSaver(ExecutionHistoryRegistry registry, Listeners listeners, WriteBehind writeBehind) {
        this.registry = registry;
        this.listeners = listeners;
        this.queue = writeBehind == null ? null : new WriteBehindQueue(registry, writeBehind, listeners);
    }

    void save(ExecutionRecord record) {
        save(record, null);
    }

    /** Saves a run's record; {@code start} is what {@link #offerStart} returned for the run, or null. */
    void save(ExecutionRecord record, QueueEntry start) {
        if (queue != null && queue.offer(record, start)) {
            return;
        }
        try {
            registry.save(record);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable failure) {
            failures.increment();
            log.warn("Could not save execution {} of job '{}' ({}); the job goes on: {}",
                    record.executionId(), record.jobId(), record.status(), failure.toString());
            log.debug("Save failure of execution {}", record.executionId(), failure);
            listeners.storageFailed(record, failure);
        }
    }

    /**
     * Removes the run of {@code running}, which did not happen: nothing if its start, queued as {@code start}, was
     * never written; else its record is deleted, after every save of it (through the queue with write-behind).
     */
    void forget(ExecutionRecord running, QueueEntry start) {
        if (start != null && (start.withdraw() || start.isGone())) {
            return;
        }
        if (queue != null && queue.offerDeletion(running)) {
            return;
        }
        try {
            registry.deleteRun(running.jobId(), running.executionId());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable failure) {
            failures.increment();
            log.warn("Could not delete execution {} of job '{}', which did not happen; it stays as running: {}",
                    running.executionId(), running.jobId(), failure.toString());
            log.debug("Delete failure of execution {}", running.executionId(), failure);
            listeners.storageFailed(running, failure);
        }
    }

    /**
     * With write-behind, queues a run's start for the writer, which builds and stores its running record if the run is
     * still going by then. Returns what to hand {@link #save(ExecutionRecord, QueueEntry)} with the run's
     * next record; null, doing nothing, when the caller must save the running record itself.
     */
    QueueEntry offerStart(WriteBehindQueue.LazyRecord run) {
        return queue == null ? null : queue.offerStart(run);
    }

    /** Whether write-behind's last attempt failed transiently: the store is down, reads would wait for it too. */
    boolean storeDown() {
        return queue != null && queue.storeDown();
    }

    /** Counts a failure that happened before anything could be saved. */
    void countFailure() {
        failures.increment();
    }

    long failureCount() {
        return failures.sum() + (queue == null ? 0 : queue.failures());
    }

    boolean flush(Duration timeout) {
        return queue == null || queue.flush(timeout);
    }

    Optional<WriteBehindStats> stats() {
        return queue == null ? Optional.empty() : Optional.of(queue.stats());
    }

    /** Stores what is queued, within the write-behind close timeout; saves after this run on the caller's thread. */
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
