package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis registry on a standalone server passes the contract")
class StandaloneContractTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        return RedisExecutionHistoryRegistry.builder(TestRedis.standalone())
                .clock(clock).maxRunsPerJob(maxRunsPerJob).timeToLive(timeToLive).build();
    }

    @Override
    protected void elapse(MutableClock clock, Duration duration) {
        RealTime.elapse(clock, duration);
    }
}
