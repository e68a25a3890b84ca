package io.jobhistory.recorder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Renews the running records of a recorder's runs in flight: every interval, each is saved again with what it
 * reported so far and a deadline {@value #DEADLINE_INTERVALS} intervals ahead. Runs on a daemon thread of its own,
 * started with the first run, or on an executor the host hands in (which it then keeps owning).
 */
final class Heartbeats {

    /** A running record's deadline is this many heartbeat intervals after its last renewal. */
    static final int DEADLINE_INTERVALS = 3;
    /** How long {@link #close()} waits for a renewal in progress on the heartbeats' own thread. */
    static final int CLOSE_WAIT_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final Duration interval;
    /** How far ahead a deadline lies; null when heartbeats are off. */
    private final Duration span;
    private final Clock clock;
    private final ScheduledExecutorService external;
    /** By identity: two runs in flight may share a caller-chosen execution id, and each is renewed. */
    private final Set<ActiveRun> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService own;
    private volatile ScheduledFuture<?> task;
    private volatile boolean closed;

    Heartbeats(Duration interval, Clock clock, ScheduledExecutorService external) {
        this.interval = interval;
        this.span = interval.isZero() ? null : interval.multipliedBy(DEADLINE_INTERVALS);
        this.clock = clock;
        this.external = external;
    }

    /** The deadline of a run renewed at {@code now}; null when heartbeats are off or closed. */
    Instant deadline(Instant now) {
        return span == null || closed ? null : now.plus(span);
    }

    /** Whether runs starting now get deadlines: heartbeats are on and not closed. */
    boolean isOn() {
        return span != null && !closed;
    }

    /**
     * The deadline of a run renewed at {@code now}, closed or not: for the running record of a run that started
     * before {@link #close()}, which the write-behind writer may build after it. Null when heartbeats are off.
     */
    Instant deadlineFrom(Instant now) {
        return span == null ? null : now.plus(span);
    }

    /** Renews {@code run} from now on until {@link #remove}. */
    void add(ActiveRun run) {
        running.add(run);
        if (task == null) {
            start();
        }
    }

    void remove(ActiveRun run) {
        running.remove(run);
    }

    private synchronized void start() {
        if (task != null || closed) {
            return;
        }
        ScheduledExecutorService executor = external;
        if (executor == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
                    RecordSaver.daemonThreads("jobhistory-heartbeat-"));
            pool.setRemoveOnCancelPolicy(true);
            own = pool;
            executor = pool;
        }
        long nanos = interval.toNanos();
        task = executor.scheduleWithFixedDelay(this::renew, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void renew() {
        for (ActiveRun run : running) {
            try {
                Instant deadline = deadline(clock.instant());
                if (deadline != null) {
                    run.renew(deadline);
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("Could not renew the heartbeat of execution {} of job '{}'", run.executionId(), run.jobId(), e);
            }
        }
    }

    /** Stops renewing, waiting up to {@value #CLOSE_WAIT_SECONDS} s for a renewal in progress on its own thread. */
    void close() {
        ScheduledExecutorService pool;
        synchronized (this) {
            closed = true;
            if (task != null) {
                task.cancel(false);
            }
            pool = own;
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
