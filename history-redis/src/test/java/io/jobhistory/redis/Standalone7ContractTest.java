package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis registry on Debian's Redis 7 (standalone server) passes the contract")
class Standalone7ContractTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        return RedisExecutionHistoryRegistry.builder(SystemRedis.standalone())
                .clock(clock).maxRunsPerJob(maxRunsPerJob).timeToLive(timeToLive).build();
    }

    @Override
    protected void elapse(MutableClock clock, Duration duration) {
        RealTime.elapse(clock, duration);
    }
}
