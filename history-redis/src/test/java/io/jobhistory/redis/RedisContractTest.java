package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.JobRetention;
import io.jobhistory.fixtures.RealTime;
import io.jobhistory.fixtures.RedisClients;
import io.jobhistory.fixtures.RedisTopology;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import io.jobhistory.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.UnifiedJedis;

/** The contract suite, rerun on every Redis deployment the tests know (as ShedLock reruns its suite per client). */
@DisplayName("Redis registry passes the contract")
class RedisContractTest {

    /** The contract on one deployment: a registry over {@link #client()}, and time that passes on Redis's clock. */
    abstract static class OnRedis extends ExecutionHistoryRegistryContract {

        abstract UnifiedJedis client();

        boolean isCluster() {
            return false;
        }

        RedisExecutionHistoryRegistry.Builder configure(RedisExecutionHistoryRegistry.Builder builder) {
            return builder;
        }

        @Override
        protected ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention) {
            RedisExecutionHistoryRegistry registry = configure(RedisExecutionHistoryRegistry.builder(client()))
                    .clock(clock).maxRunsPerJob(retention.maxRuns()).maxFailuresPerJob(retention.maxFailures())
                    .timeToLive(retention.timeToLive()).build();
            assertThat(registry.isClusterMode()).isEqualTo(isCluster());
            return registry;
        }

        @Override
        protected void elapse(MutableClock clock, Duration duration) {
            RealTime.elapse(clock, duration);
        }
    }

    /** The contract on one of {@link RedisTopology}'s shared deployments. */
    abstract static class OnTopology extends OnRedis {

        abstract RedisTopology topology();

        @Override
        UnifiedJedis client() {
            return topology().client();
        }

        @Override
        boolean isCluster() {
            return topology().isCluster();
        }
    }

    @Nested
    @DisplayName("on a standalone Redis 6.2")
    class Standalone extends OnTopology {
        @Override
        RedisTopology topology() {
            return RedisTopology.STANDALONE;
        }
    }

    @Nested
    @DisplayName("on a 3-shard Redis 6.2 Cluster")
    class Cluster extends OnTopology {
        @Override
        RedisTopology topology() {
            return RedisTopology.CLUSTER;
        }
    }

    @Nested
    @DisplayName("on Debian's Redis 7 (standalone server)")
    class Standalone7 extends OnTopology {
        @Override
        RedisTopology topology() {
            return RedisTopology.STANDALONE_7;
        }
    }

    @Nested
    @DisplayName("on Debian's Redis 7 (cluster of 3 masters with a replica each)")
    class Cluster7 extends OnTopology {
        @Override
        RedisTopology topology() {
            return RedisTopology.CLUSTER_7;
        }
    }

    @Nested
    @DisplayName("on the server of REDIS_URL")
    @EnabledIfEnvironmentVariable(named = "REDIS_URL", matches = ".+")
    class RedisUrl extends OnRedis {
        @Override
        UnifiedJedis client() {
            return RedisClients.fromEnvironment();
        }

        @Override
        RedisExecutionHistoryRegistry.Builder configure(RedisExecutionHistoryRegistry.Builder builder) {
            return builder.keyPrefix("jobhistory-test");
        }
    }
}
