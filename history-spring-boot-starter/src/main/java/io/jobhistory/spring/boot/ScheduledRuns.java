package io.jobhistory.spring.boot;

import io.jobhistory.recorder.ItemJob;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Runs scheduled methods through the application's recorder and counts the runs in flight, so that closing the
 * application can wait for them to be recorded.
 */
final class ScheduledRuns {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);

    private volatile JobExecutionRecorder recorder;
    private volatile boolean warned;
    private int inFlight;

    void recorder(JobExecutionRecorder recorder) {
        this.recorder = recorder;
    }

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
            current.wrap(job.id(), job.name(), (ItemJob) context -> method.run()).run();
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
                    Duration wait = Duration.ofNanos(left);
                    wait(Math.max(1, wait.toMillis()));
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
