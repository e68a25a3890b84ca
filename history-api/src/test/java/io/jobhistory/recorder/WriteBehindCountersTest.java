package io.jobhistory.recorder;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBehindCountersTest {

    @Test
    @DisplayName("a drop episode's first drop is the one to log; ending it returns its count")
    void dropEpisodes() {
        WriteBehindCounters counters = new WriteBehindCounters();
        assertThat(counters.countDrop()).isTrue();
        assertThat(counters.countDrop()).isFalse();
        assertThat(counters.endDropEpisode()).isEqualTo(2);
        assertThat(counters.endDropEpisode()).isZero();
        assertThat(counters.countDrop()).isTrue();
        assertThat(counters.dropped).isEqualTo(3);
    }

    @Test
    @DisplayName("failures count as retried or rejected and keep the last one")
    void failures() {
        WriteBehindCounters counters = new WriteBehindCounters();
        assertThat(counters.lastFailureText()).isEqualTo("none");
        counters.failed(new IllegalStateException("down"), true);
        counters.failed(new IllegalArgumentException("bad"), false);
        counters.countDrop();
        counters.stored = 7;
        assertThat(counters.lastFailureText()).isEqualTo("java.lang.IllegalArgumentException: bad");
        assertThat(counters.failures()).isEqualTo(2);
        WriteBehindStats stats = counters.snapshot(4);
        assertThat(stats.queueDepth()).isEqualTo(4);
        assertThat(stats.stored()).isEqualTo(7);
        assertThat(stats.retried()).isEqualTo(1);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.dropped()).isEqualTo(1);
        assertThat(stats.lastFailure()).contains("java.lang.IllegalArgumentException: bad");
        assertThat(stats.lastFailureTime()).isPresent();
    }
}
