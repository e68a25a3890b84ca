package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis registry on Debian's Redis 7 (cluster of 3 masters with a replica each) passes the contract")
class Cluster7ContractTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(SystemRedis.cluster())
                .clock(clock).maxRunsPerJob(maxRunsPerJob).timeToLive(timeToLive).build();
        org.assertj.core.api.Assertions.assertThat(registry.isClusterMode()).isTrue();
        return registry;
    }

    @Override
    protected void elapse(MutableClock clock, Duration duration) {
        RealTime.elapse(clock, duration);
    }
}
