package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Target 1: a recorded no-op run (a running save and a finished save into the in-memory registry, with the default
 * heartbeat bookkeeping) against the bare {@code Runnable}; and two threads recording different jobs against one.
 */
public class RecorderBenchmark extends BenchmarkSettings {

    private static final AtomicInteger JOBS = new AtomicInteger();

    /** One registry and recorder shared by all benchmark threads, as in an application. */
    @State(Scope.Benchmark)
    public static class Shared {
        InMemoryExecutionHistoryRegistry registry;
        JobExecutionRecorder recorder;

        @Setup(Level.Trial)
        public void setUp() {
            registry = InMemoryExecutionHistoryRegistry.create();
            recorder = JobExecutionRecorder.create(registry);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            recorder.close();
        }
    }

    /** Each thread runs its own job, as a scheduler with several jobs does. */
    @State(Scope.Thread)
    public static class Job {
        Runnable bare;
        Runnable recorded;
        Blackhole blackhole;

        private String jobId;
        private long sequence;

        ExecutionRecord buildRecords() {
            Instant now = Instant.now();
            ExecutionRecord running = ExecutionRecord.builder(jobId + "-" + sequence++, jobId, "Job " + jobId, now)
                    .heartbeatDeadline(now.plusSeconds(90)).build();
            blackhole.consume(running);
            return running.toBuilder().finished(ExecutionStatus.SUCCESS, Instant.now()).build();
        }

        @Setup(Level.Trial)
        public void setUp(Shared shared, Blackhole blackhole) {
            this.blackhole = blackhole;
            jobId = "job-" + JOBS.incrementAndGet();
            bare = () -> this.blackhole.consume(jobId);
            recorded = shared.recorder.wrap(JobIdentity.of(jobId, "Job " + jobId), bare);
        }
    }

    /**
     * Control: the two records a recorded run builds, with nothing shared between threads. Its two-thread scaling is
     * what this machine allows for this much allocation; compare the recorder's scaling with it.
     */
    @Benchmark
    @Threads(1)
    public ExecutionRecord controlBuildRecords(Job job) {
        return job.buildRecords();
    }

    @Benchmark
    @Threads(2)
    public ExecutionRecord controlBuildRecordsTwoThreads(Job job) {
        return job.buildRecords();
    }

    @Benchmark
    @Threads(1)
    public void bareRunnable(Job job) {
        job.bare.run();
    }

    @Benchmark
    @Threads(1)
    public void recordedRunnable(Job job) {
        job.recorded.run();
    }

    @Benchmark
    @Threads(2)
    public void recordedRunnableTwoThreads(Job job) {
        job.recorded.run();
    }
}
