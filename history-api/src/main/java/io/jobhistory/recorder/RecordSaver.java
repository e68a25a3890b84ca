package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Saves records for the recorder: a failure is logged, counted and told to the listeners, never thrown. */
final class RecordSaver {

    /** With a save timeout, at most this many saves are in flight at once; more fail at once. */
    static final int MAX_SAVES_IN_FLIGHT = 8;

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final ExecutionHistoryRegistry registry;
    private final Listeners listeners;
    private final Duration saveTimeout;
    private final ThreadPoolExecutor pool;
    private final LongAdder failures = new LongAdder();

    RecordSaver(ExecutionHistoryRegistry registry, Listeners listeners, Duration saveTimeout) {
        this.registry = registry;
        this.listeners = listeners;
        this.saveTimeout = saveTimeout;
        this.pool = saveTimeout == null ? null : new ThreadPoolExecutor(0, MAX_SAVES_IN_FLIGHT, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads("jobhistory-save-"));
    }

    void save(ExecutionRecord record) {
        try {
            if (pool == null) {
                registry.save(record);
            } else {
                saveWithTimeout(record);
            }
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

    /** Counts a failure that happened before anything could be saved. */
    void countFailure() {
        failures.increment();
    }

    long failureCount() {
        return failures.sum();
    }

    private void saveWithTimeout(ExecutionRecord record) throws Throwable {
        Future<?> pending = pool.submit(() -> registry.save(record));
        try {
            pending.get(saveTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new TimeoutException("save did not return within " + saveTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
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
