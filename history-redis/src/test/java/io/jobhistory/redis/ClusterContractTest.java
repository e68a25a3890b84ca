package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis registry on a 3-shard Redis Cluster passes the contract")
class ClusterContractTest extends ExecutionHistoryRegistryContract {

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(TestRedis.cluster())
                .clock(clock).maxRunsPerJob(maxRunsPerJob).timeToLive(timeToLive).build();
        org.assertj.core.api.Assertions.assertThat(registry.isClusterMode()).isTrue();
        return registry;
    }

    @Override
    protected void elapse(MutableClock clock, Duration duration) {
        RealTime.elapse(clock, duration);
    }
}
