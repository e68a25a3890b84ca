package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.WriteBehind;
import io.jobhistory.recorder.WriteBehindStats;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The job thread's cost of a recorded run with write-behind over Redis, against the bare {@code Runnable}, both run
 * the same way in the same JMH run (named so that JMH runs them one after the other). Each call is paced by a pause
 * outside the measured time (a scheduled job does not run back to back), so the writer keeps up with Redis and the
 * figure is the steady state: enqueue, not drops. The pause leaves caches colder than a tight loop would, for both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class WriteBehindBenchmark {

    /** The pause between two calls, outside the measurement. */
    static final long PACE_NANOS = 100_000;

    private BenchRedis redis;
    private JobExecutionRecorder recorder;
    private Runnable bare;
    private Runnable recorded;
    private JobExecutionRecorder inMemory;
    private Runnable recordedInMemory;
    private JobExecutionRecorder discarding;
    private Runnable recordedDiscarding;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        redis = BenchRedis.start(true);
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(redis.client())
                .keyPrefix("bench-wb-" + UUID.randomUUID().toString().substring(0, 8)).build();
        recorder = JobExecutionRecorder.builder(registry).writeBehind(WriteBehind.defaults()).build();
        bare = () -> blackhole.consume(this);
        recorded = recorder.wrap(JobIdentity.of("write-behind-job", "Write-behind job"), bare);
        inMemory = JobExecutionRecorder.create(InMemoryExecutionHistoryRegistry.create());
        recordedInMemory = inMemory.wrap(JobIdentity.of("in-memory-job", "In-memory job"), bare);
        discarding = JobExecutionRecorder.builder(new DiscardingRegistry()).writeBehind(WriteBehind.defaults()).build();
        recordedDiscarding = discarding.wrap(JobIdentity.of("discarded-job", "Discarded job"), bare);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        boolean flushed = recorder.flush(Duration.ofMinutes(1));
        WriteBehindStats stats = recorder.writeBehindStats().orElseThrow();
        System.out.println("write-behind after the trial: flushed=" + flushed + ", " + stats);
        recorder.close();
        inMemory.close();
        discarding.close();
        redis.close();
    }

    /** Pauses before each call, outside the measured time. */
    @State(Scope.Thread)
    public static class Pace {
        @Setup(Level.Invocation)
        public void pause() {
            LockSupport.parkNanos(PACE_NANOS);
        }
    }

    /** Accepts every record and keeps none: no I/O. */
    static final class DiscardingRegistry implements ExecutionHistoryRegistry {
        @Override
        public void save(ExecutionRecord record) {
        }

        @Override
        public void saveAll(Collection<ExecutionRecord> records) {
        }

        @Override
        public Optional<ExecutionRecord> findById(String executionId) {
            return Optional.empty();
        }

        @Override
        public Optional<ExecutionRecord> findLatest(String jobId) {
            return Optional.empty();
        }

        @Override
        public HistoryPage findPage(String jobId, HistoryQuery query) {
            return new HistoryPage(List.of(), Optional.empty());
        }

        @Override
        public Set<String> findJobIds() {
            return Set.of();
        }

        @Override
        public int deleteHistory(String jobId) {
            return 0;
        }

        @Override
        public boolean deleteRun(String jobId, String executionId) {
            return false;
        }

        @Override
        public Optional<JobRecord> findJobRecord(String jobId) {
            return Optional.empty();
        }

        @Override
        public List<JobRecord> findJobRecords(Collection<String> jobIds) {
            return List.of();
        }

        @Override
        public JobStatistics findStatistics(String jobId, Instant from, Instant to,
                                            JobStatistics.Granularity granularity) {
            return new JobStatistics(jobId, granularity, List.of());
        }
    }

    @Benchmark
    public void jobThreadBare(Pace pace) {
        bare.run();
    }

    /** For context: the synchronous recorder into memory, paced the same way (no I/O, no queue). */
    @Benchmark
    public void jobThreadInMemory(Pace pace) {
        recordedInMemory.run();
    }

    @Benchmark
    public void jobThreadWriteBehind(Pace pace) {
        recorded.run();
    }

    /**
     * For context: write-behind into a registry that stores nothing, paced the same way: the recorder's own cost on
     * cold caches, without a writer and Redis busy beside the job's thread.
     */
    @Benchmark
    public void jobThreadWriteBehindNoStore(Pace pace) {
        recordedDiscarding.run();
    }

    /**
     * The paced bare call again, sampled: JMH's percentiles of single calls (with its timer's own cost in each),
     * next to the average above, which carries the rare slow call (a preemption on 2 shared cores, a GC).
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void jobThreadSampledBare(Pace pace) {
        bare.run();
    }

    /** The paced write-behind call, sampled as {@link #jobThreadSampledBare}. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void jobThreadSampledWriteBehind(Pace pace) {
        recorded.run();
    }

    /** The paced no-store call, sampled as {@link #jobThreadSampledBare}. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void jobThreadSampledWriteBehindNoStore(Pace pace) {
        recordedDiscarding.run();
    }

    /** Unpaced, for the hot path: the bare {@code Runnable} back to back. */
    @Benchmark
    public void jobThreadZBareBackToBack() {
        bare.run();
    }

    /**
     * Unpaced, write-behind into a registry that stores nothing at once: the queue's cost on the job's thread without
     * Redis and a busy writer competing for the CPU (and without drops).
     */
    @Benchmark
    public void jobThreadZWriteBehindBackToBackNoStore() {
        recordedDiscarding.run();
    }

    /**
     * Unpaced: recorded runs back to back, far faster than Redis stores them, so the queue is full and most records
     * are dropped (the trial's stats say how many); the figure is the hot path's cost (enqueue, or enqueue and drop).
     */
    @Benchmark
    public void jobThreadZWriteBehindBackToBack() {
        recorded.run();
    }
}
