package io.jobhistory.examples.stock;

import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each {@link StockJob} every {@code interval} on a {@link ScheduledExecutorService}, each run wrapped by the
 * {@link JobExecutionRecorder}. {@link #stop} lets running jobs finish (and be recorded) before it returns.
 */
public final class StockScheduler {

    private final List<StockJob> jobs;
    private final StockFetcher fetcher;
    private final JobExecutionRecorder recorder;
    private final Duration interval;
    private final ScheduledExecutorService executor;

    /** A scheduler for {@code jobs}; nothing runs until {@link #start()}. */
    public StockScheduler(List<StockJob> jobs, StockFetcher fetcher, JobExecutionRecorder recorder, Duration interval) {
        this.jobs = List.copyOf(jobs);
        this.fetcher = fetcher;
        this.recorder = recorder;
        this.interval = interval;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "stock-scheduler-" + threads.incrementAndGet());
            thread.setDaemon(true); // the application's close() waits for running jobs, not the JVM
            return thread;
        });
    }

    /** Schedules every job, staggered across the first interval, each repeating {@code interval} after it ends. */
    public void start() {
        long intervalMillis = Math.max(1, interval.toMillis());
        for (int i = 0; i < jobs.size(); i++) {
            StockJob job = jobs.get(i);
            Runnable recorded = recorder.wrap(JobIdentity.of(job.id(), job.name()), new StockFetchJob(job, fetcher));
            executor.scheduleWithFixedDelay(recorded, i * intervalMillis / jobs.size(), intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts no new runs and waits up to {@code timeout} for running ones to finish.
     *
     * @return whether every running job finished in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        executor.shutdown(); // cancels the periodic schedules; runs in progress go on
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
