package io.jobhistory.inmemory;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.JobRetention;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;

import java.time.Clock;

class InMemoryExecutionHistoryRegistryTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention) {
        return InMemoryExecutionHistoryRegistry.builder()
                .clock(clock)
                .maxRunsPerJob(retention.maxRuns())
                .maxFailuresPerJob(retention.maxFailures())
                .timeToLive(retention.timeToLive())
                .build();
    }
}
