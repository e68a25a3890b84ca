package io.jobhistory.recorder;

import io.jobhistory.StoreException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreFailuresTest {

    @Test
    @DisplayName("a StoreException anywhere in the causes decides; mistakes and errors are permanent; the rest transient")
    void classification() {
        assertThat(StoreFailures.isTransient(new StoreException("down", null, true))).isTrue();
        assertThat(StoreFailures.isTransient(new StoreException("NOPERM", null, false))).isFalse();
        assertThat(StoreFailures.isTransient(new IllegalArgumentException("wrapping",
                new StoreException("down", null, true)))).isTrue();
        assertThat(StoreFailures.isTransient(new UncheckedIOException(new ConnectException()))).isTrue();
        assertThat(StoreFailures.isTransient(new IllegalStateException("pool exhausted"))).isTrue();
        assertThat(StoreFailures.isTransient(new IllegalArgumentException("bad record"))).isFalse();
        assertThat(StoreFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(StoreFailures.isTransient(new ClassCastException())).isFalse();
        assertThat(StoreFailures.isTransient(new UnsupportedOperationException())).isFalse();
        assertThat(StoreFailures.isTransient(new NoClassDefFoundError("x"))).isFalse();
        assertThat(StoreFailures.isTransient(new OutOfMemoryError())).isTrue();
        Exception selfCaused = new Exception("loop") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertThat(StoreFailures.isTransient(selfCaused)).isTrue();
    }
}
