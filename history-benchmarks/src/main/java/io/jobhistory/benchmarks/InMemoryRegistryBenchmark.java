package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;

/** Target 2: history of 50 out of 100 retained runs, with and without a status filter. */
@State(Scope.Benchmark)
public class InMemoryRegistryBenchmark extends BenchmarkSettings {

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
