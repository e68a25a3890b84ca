package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.fixtures.RedisClients;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

@DisplayName("the builder validates at once and has documented defaults")
class BuilderTest {

    private final UnifiedJedis client = RedisClients.client(1); // never connected by these tests

    @Test
    @DisplayName("defaults")
    void defaults() {
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(client);
        assertThat(registry.keyPrefix()).isEqualTo("scheduler");
        assertThat(registry.maxRunsPerJob()).isEqualTo(100);
        assertThat(registry.timeToLive()).isEqualTo(Duration.ofDays(30));
        assertThat(registry.isClusterMode()).isFalse();
        assertThat(RedisExecutionHistoryRegistry.builder(client).cluster(true).build().isClusterMode()).isTrue();
    }

    @Test
    @DisplayName("bad settings fail with a message naming the value")
    void badSettings() {
        RedisExecutionHistoryRegistry.Builder b = RedisExecutionHistoryRegistry.builder(client);
        assertThatThrownBy(() -> b.keyPrefix(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> b.keyPrefix("{scheduler}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{scheduler}");
        assertThatThrownBy(() -> b.maxRunsPerJob(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRunsPerJob").hasMessageContaining("0");
        assertThatThrownBy(() -> b.timeToLive(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeToLive");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RedisExecutionHistoryRegistry.create("http://example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://example.com");
    }

    @Test
    @DisplayName("single-server mode is refused for a cluster client, whose keys span many slots")
    void clusterClientNeedsClusterMode() {
        RedisExecutionHistoryRegistry.Builder b = RedisExecutionHistoryRegistry.builder(EmbeddedRedis.clusterClient());
        assertThatThrownBy(() -> b.cluster(false).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster(false)").hasMessageContaining("JedisCluster");
        assertThat(b.cluster(true).build().isClusterMode()).isTrue();
    }

    @Test
    @DisplayName("an id with an unpaired surrogate is refused before anything touches Redis")
    void unpairedSurrogate() {
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(client);
        assertThatThrownBy(() -> registry.findById("x\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionId");
        assertThat(registry.failureCount()).isZero();
    }
}
