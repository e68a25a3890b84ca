package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.json.ExecutionRecordJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;


/** Target 3: JSON encode and decode of the seed's example record. */
@State(Scope.Benchmark)
public class JsonBenchmark extends BenchmarkSettings {

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
