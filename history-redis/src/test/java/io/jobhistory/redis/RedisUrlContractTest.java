package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@DisplayName("Redis registry on the server of REDIS_URL passes the contract")
@EnabledIfEnvironmentVariable(named = "REDIS_URL", matches = ".+")
class RedisUrlContractTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        return RedisExecutionHistoryRegistry.builder(TestRedis.url())
                .keyPrefix("jobhistory-test").clock(clock).maxRunsPerJob(maxRunsPerJob).timeToLive(timeToLive)
                .build();
    }

    @Override
    protected void elapse(MutableClock clock, Duration duration) {
        RealTime.elapse(clock, duration);
    }
}
