package io.jobhistory.quartz;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A real Quartz scheduler recording into an in-memory registry, and bounded waits on what it recorded. */
final class QuartzFixture implements AutoCloseable {

    /** How long a wait for a condition may take before the test fails (a bound, not an expected duration). */
    static final Duration WAIT = Duration.ofSeconds(20);

    final ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
    final JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).build();
    final Scheduler scheduler;
    final QuartzHistory history;

    private QuartzFixture(Properties properties) throws SchedulerException {
        scheduler = new StdSchedulerFactory(properties).getScheduler();
        history = QuartzHistory.register(scheduler, recorder);
    }

    /** A RAMJobStore scheduler, not started, that counts a fire late by more than 1 s as misfired. */
    static QuartzFixture ram() throws SchedulerException {
        return ram(4);
    }

    /** A RAMJobStore scheduler with {@code threads} worker threads, not started. */
    static QuartzFixture ram(int threads) throws SchedulerException {
        Properties p = base(threads);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        return new QuartzFixture(p);
    }

    static QuartzFixture of(Properties properties) throws SchedulerException {
        return new QuartzFixture(properties);
    }

    static Properties base(int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "test-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        // Poll for new triggers often (the least allowed), so that no test waits on the 30 s idle default.
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        return p;
    }

    /** Waits until the job has records matching {@code done}, and returns them (newest first). */
    List<ExecutionRecord> awaitRecords(String jobId, Predicate<List<ExecutionRecord>> done) {
        Supplier<List<ExecutionRecord>> read = () -> registry.findHistory(jobId, 100);
        await(() -> done.test(read.get()), () -> "records of " + jobId + ": " + read.get());
        return read.get();
    }

    /** Waits until the job has {@code count} finished records. */
    List<ExecutionRecord> awaitFinished(String jobId, int count) {
        return awaitRecords(jobId, records -> records.size() >= count
                && records.stream().allMatch(ExecutionRecord::isFinished));
    }

    /** Waits until the job has a record with {@code status}, and returns the first such record. */
    ExecutionRecord awaitStatus(String jobId, ExecutionStatus status) {
        return awaitRecords(jobId, records -> records.stream().anyMatch(r -> r.status() == status)).stream()
                .filter(r -> r.status() == status).findFirst().orElseThrow();
    }

    static void await(BooleanSupplier condition, Supplier<String> state) {
        Await.until(state, condition);
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
        recorder.close();
    }
}
