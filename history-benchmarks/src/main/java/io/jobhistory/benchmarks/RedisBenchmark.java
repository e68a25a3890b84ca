package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Targets 4 to 6: our Redis registry against {@link RawBaseline} on the same server and client, in the same run, with
 * the recorder's default ids. {@link RedisServerTime} measures the same pairs interleaved, with server time.
 * Both encode and decode JSON with the same codec, so the ratio is what the registry adds on the Redis side. Each
 * pair is named so that JMH, which runs benchmarks in name order, runs ours and its baseline one after the other:
 * loopback latency here drifts over minutes, and the pair then shares the same conditions.
 */
@State(Scope.Benchmark)
public class RedisBenchmark extends BenchmarkSettings {

    private static final String READ_JOB = "daily-aapl";

    private BenchRedis redis;
    private RedisExecutionHistoryRegistry registry;
    private RawBaseline baseline;
    private Runnable recorded;
    private JobExecutionRecorder recorder;
    private String ourPrefix;
    private String writeJob;
    private long sequence;
    private Instant start;
    /** The recorder's default execution ids (UUIDs), as stored by real use. */
    private final Supplier<String> ids = io.jobhistory.recorder.ExecutionIds.uuids();

    @Setup(Level.Trial)
    public void setUp() {
        redis = BenchRedis.start(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        ourPrefix = "bench-ours-" + run;
        registry = RedisExecutionHistoryRegistry.builder(redis.client()).keyPrefix(ourPrefix).build();
        baseline = new RawBaseline(redis.client(), "bench-raw-" + run);
        recorder = JobExecutionRecorder.create(registry);
        recorded = recorder.wrap(JobIdentity.of("recorded-job", "Recorded job"), () -> { });
        writeJob = "write-job";
        start = Instant.now().minusSeconds(10_000_000);
        for (int i = 0; i < 100; i++) {
            ExecutionRecord r = SeedRecords.seed(ids.get(), READ_JOB, start.plusSeconds(60L * i), SeedRecords.statusOf(i));
            registry.save(r);
            baseline.save(r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        recorder.close();
        redis.close();
    }

    private ExecutionRecord nextWrite() {
        long n = ++sequence;
        return SeedRecords.seed(ids.get(), writeJob, start.plusMillis(n), ExecutionStatus.PARTIAL_SUCCESS);
    }

    @Benchmark
    public void saveOurs() {
        registry.save(nextWrite());
    }

    @Benchmark
    public void saveRaw() {
        baseline.save(nextWrite());
    }

    @Benchmark
    public List<ExecutionRecord> history50Ours() {
        return registry.findHistory(READ_JOB, 50);
    }

    @Benchmark
    public List<ExecutionRecord> history50Raw() {
        return baseline.history(READ_JOB, 50, null);
    }

    @Benchmark
    public List<ExecutionRecord> history50FailedOurs() {
        return registry.findHistory(READ_JOB, 50, ExecutionStatus.FAILED);
    }

    @Benchmark
    public List<ExecutionRecord> history50FailedRaw() {
        return baseline.history(READ_JOB, 50, ExecutionStatus.FAILED);
    }

    /** A wrapped no-op run: a running save and a finished save through the recorder. */
    @Benchmark
    public void recordedRunOurs() {
        recorded.run();
    }

    /** The same two writes done by hand: build and save a running record, then the finished one. */
    @Benchmark
    public void recordedRunRaw() {
        Instant now = Instant.now();
        ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), "recorded-job",
                "Recorded job", now).build();
        baseline.save(running);
        baseline.save(running.toBuilder().finished(ExecutionStatus.SUCCESS, Instant.now()).build());
    }
}
