package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.json.ExecutionRecordJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Target 3: JSON encode and decode of the seed's example record. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class JsonBenchmark {

    private final ExecutionRecord record = SeedRecords.seedExample();
    private final String json = ExecutionRecordJson.toJson(record);

    @Benchmark
    public String encode() {
        return ExecutionRecordJson.toJson(record);
    }

    @Benchmark
    public ExecutionRecord decode() {
        return ExecutionRecordJson.fromJson(json);
    }
}
