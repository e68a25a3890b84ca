package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Target 2: history of 50 out of 100 retained runs, with and without a status filter. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class InMemoryRegistryBenchmark {

    private static final String JOB = "daily-aapl";

    private InMemoryExecutionHistoryRegistry registry;

    @Setup(Level.Trial)
    public void setUp() {
        registry = InMemoryExecutionHistoryRegistry.create();
        Instant start = Instant.now().minusSeconds(100_000);
        for (int i = 0; i < 100; i++) {
            registry.save(SeedRecords.seed("exec-" + i, JOB, start.plusSeconds(600L * i), SeedRecords.statusOf(i)));
        }
    }

    @Benchmark
    public List<ExecutionRecord> history50() {
        return registry.findHistory(JOB, 50);
    }

    @Benchmark
    public List<ExecutionRecord> history50Failed() {
        return registry.findHistory(JOB, 50, ExecutionStatus.FAILED);
    }
}
