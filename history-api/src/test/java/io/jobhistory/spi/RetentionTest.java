package io.jobhistory.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retention: the defaults and checks every registry shares")
class RetentionTest {

    @Test
    @DisplayName("defaults: 100 runs per job, 30 days to live")
    void defaults() {
        assertThat(Retention.DEFAULT_MAX_RUNS_PER_JOB).isEqualTo(100);
        assertThat(Retention.DEFAULT_TIME_TO_LIVE).isEqualTo(Duration.ofDays(30));
    }

    @Test
    @DisplayName("maxRunsPerJob: 1 and more pass through; less fails naming the value")
    void maxRunsPerJob() {
        assertThat(Retention.checkMaxRunsPerJob(1)).isEqualTo(1);
        assertThat(Retention.checkMaxRunsPerJob(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Retention.checkMaxRunsPerJob(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRunsPerJob must be at least 1, but was 0");
        assertThatThrownBy(() -> Retention.checkMaxRunsPerJob(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRunsPerJob must be at least 1, but was -5");
    }

    @Test
    @DisplayName("timeToLive: 1 ms and more pass through; shorter, negative or null fails naming the value")
    void timeToLive() {
        Duration oneMilli = Duration.ofMillis(1);
        assertThat(Retention.checkTimeToLive(oneMilli)).isSameAs(oneMilli);
        assertThatThrownBy(() -> Retention.checkTimeToLive(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeToLive must be at least 1 ms, but was PT0.000999999S");
        assertThatThrownBy(() -> Retention.checkTimeToLive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeToLive must be at least 1 ms, but was PT0S");
        assertThatThrownBy(() -> Retention.checkTimeToLive(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeToLive must be at least 1 ms, but was PT-5S");
        assertThatThrownBy(() -> Retention.checkTimeToLive(null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeToLive must not be null");
    }
}
