package io.jobhistory.spring.boot;

import io.jobhistory.recorder.FailureHandling;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.RecordedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;

/**
 * Runs scheduled methods as recorded runs of the application's recorder, and counts the runs in flight so that
 * closing the application can wait for them to be recorded.
 */
final class ScheduledRuns {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);

    private volatile JobExecutionRecorder recorder;
    private volatile FailureHandling failureHandling = FailureHandling.PROPAGATE;
    private volatile boolean warned;
    private int inFlight;

    void use(JobExecutionRecorder recorder, FailureHandling failureHandling) {
        this.recorder = recorder;
        this.failureHandling = failureHandling;
    }

    /**
     * Runs {@code method} (Spring's own runnable) as a recorded run of {@code job}. What it throws is recorded (a
     * checked exception by itself, not the {@code UndeclaredThrowableException} Spring wraps it in) and rethrown
     * unchanged to Spring's error handling, unless failure handling is {@code SUPPRESS}.
     */
    void run(ScheduledJob job, Runnable method) {
        JobExecutionRecorder current = recorder;
        if (current == null) {
            if (!warned) {
                warned = true;
                log.warn("No JobExecutionRecorder in the application context: scheduled job '{}' runs unrecorded",
                        job.id());
            }
            method.run();
            return;
        }
        synchronized (this) {
            inFlight++;
        }
        try {
            RecordedRun run = current.start(job.identity());
            try {
                method.run();
            } catch (Throwable t) {
                run.finish(t instanceof UndeclaredThrowableException u && u.getCause() != null ? u.getCause() : t);
                if (failureHandling == FailureHandling.SUPPRESS && t instanceof Exception) {
                    return;
                }
                throw t;
            }
            run.finish();
        } finally {
            synchronized (this) {
                if (--inFlight == 0) {
                    notifyAll();
                }
            }
        }
    }

    /** Waits at most {@code timeout} for the runs in flight to end; true if none is left. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, Duration.ofNanos(left).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return inFlight == 0;
                }
            }
            return true;
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
