package io.jobhistory.inmemory;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;

import java.time.Clock;
import java.time.Duration;

class InMemoryExecutionHistoryRegistryTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        return InMemoryExecutionHistoryRegistry.builder()
                .clock(clock)
                .maxRunsPerJob(maxRunsPerJob)
                .timeToLive(timeToLive)
                .build();
    }
}
