package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.fixtures.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo with {@code REDIS_URL} set records into that Redis with the seed's key layout. */
class RedisDemoTest {

    @Test
    void recordsIntoRedisWithTheSeedsKeys() throws Exception {
        EmbeddedRedis.shared().client().flushAll();
        DemoConfig config = DemoConfig.defaults().withPort(0).withSeed(7)
                .withTiming(Duration.ofMillis(5), Duration.ZERO).withRunFor(Duration.ofMillis(300));
        config = new DemoConfig(config.host(), config.port(), Optional.of(URI.create(EmbeddedRedis.shared().url())),
                config.runFor(), config.interval(), config.seed(), config.maxLatency(), config.shutdownTimeout());

        try (HistoryBackend backend = HistoryBackend.open(config);
             StockSchedulerApp app = StockSchedulerApp.simulated(config, backend.registry())) {
            assertThat(backend.description()).startsWith("Redis at redis://127.0.0.1:");
            app.start();
            app.awaitStop();
            List<ExecutionRecord> runs = backend.registry().findHistory("daily-aapl");
            assertThat(runs).isNotEmpty();
            String id = runs.get(0).executionId();
            assertThat(EmbeddedRedis.shared().client().exists("scheduler:execution_history:" + id)).isTrue();
            assertThat(EmbeddedRedis.shared().client().ttl("scheduler:execution_history:" + id))
                    .isBetween(Duration.ofDays(29).toSeconds(), Duration.ofDays(30).toSeconds());
            assertThat(EmbeddedRedis.shared().client().zrange("scheduler:job_history_index:daily-aapl", 0, -1)).contains(id);
        }
    }
}
