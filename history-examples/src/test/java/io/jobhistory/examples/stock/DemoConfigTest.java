package io.jobhistory.examples.stock;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoConfigTest {

    @Test
    void defaultsWithoutEnvironment() {
        DemoConfig config = DemoConfig.fromEnvironment(Map.of());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.runFor()).isEmpty();
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryVariable() {
        DemoConfig config = DemoConfig.fromEnvironment(Map.of("REDIS_URL", "redis://localhost:6380",
                "HISTORY_DEMO_PORT", "9090", "HISTORY_DEMO_HOST", "0.0.0.0", "HISTORY_DEMO_SECONDS", "20",
                "HISTORY_DEMO_INTERVAL_SECONDS", "2", "HISTORY_DEMO_SEED", "42"));
        assertThat(config.redisUrl()).contains(URI.create("redis://localhost:6380"));
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.runFor()).contains(Duration.ofSeconds(20));
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("HISTORY_DEMO_PORT", "http")))
                .hasMessage("HISTORY_DEMO_PORT must be a whole number from 0 to 65535, but was 'http'");
        assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("HISTORY_DEMO_SECONDS", "0")))
                .hasMessageStartingWith("HISTORY_DEMO_SECONDS must be a whole number from 1");
        assertThatThrownBy(() -> DemoConfig.fromEnvironment(Map.of("REDIS_URL", "localhost:6379")))
                .hasMessageContaining("REDIS_URL must look like redis://host:port");
    }
}
