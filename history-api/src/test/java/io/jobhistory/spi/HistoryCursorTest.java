package io.jobhistory.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HistoryCursor: \"continue after this run\", opaque and ordered like newest-first")
class HistoryCursorTest {

    /** 2025-01-01T00:00:00.123Z. */
    private static final Instant START = Instant.ofEpochMilli(1_735_689_600_123L);

    private static ExecutionRecord run(String executionId, Instant start) {
        return ExecutionRecord.builder(executionId, "job", "Job", start).build();
    }

    @Test
    @DisplayName("encodes the last run's start millisecond and id as URL-safe base64 of v1:<millis>:<id>, and decodes it back")
    void roundTrip() {
        HistoryCursor cursor = HistoryCursor.after(run("run-1", START));

        assertThat(cursor.encode()).isEqualTo("djE6MTczNTY4OTYwMDEyMzpydW4tMQ");
        assertThat(cursor.toString()).isEqualTo("djE6MTczNTY4OTYwMDEyMzpydW4tMQ");
        HistoryCursor decoded = HistoryCursor.decode("djE6MTczNTY4OTYwMDEyMzpydW4tMQ");
        assertThat(decoded.startMillis()).isEqualTo(1_735_689_600_123L);
        assertThat(decoded.executionId()).isEqualTo("run-1");
        assertThat(decoded).isEqualTo(cursor).hasSameHashCodeAs(cursor);
    }

    @Test
    @DisplayName("an id with colons, slashes and characters outside ASCII survives the round trip")
    void awkwardIds() {
        String id = "a:b/c?d=é\uD83D\uDE42";
        HistoryCursor decoded = HistoryCursor.decode(HistoryCursor.after(run(id, START)).encode());

        assertThat(decoded.executionId()).isEqualTo(id);
        assertThat(decoded.startMillis()).isEqualTo(1_735_689_600_123L);
        assertThat(HistoryCursor.after(run(id, START)).encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    @DisplayName("the run after the cursor is older, or as old with a smaller id; the cursor's own run is not after it")
    void ordering() {
        HistoryCursor cursor = HistoryCursor.after(run("m", START));

        assertThat(cursor.isBefore(run("z", START.minusMillis(1)))).isTrue();
        assertThat(cursor.isBefore(run("a", START.plusMillis(1)))).isFalse();
        assertThat(cursor.isBefore(run("l", START))).isTrue();
        assertThat(cursor.isBefore(run("m", START))).isFalse();
        assertThat(cursor.isBefore(run("n", START))).isFalse();
    }

    @Test
    @DisplayName("ties in the same millisecond are broken by code point, not UTF-16 unit: U+FF5E sorts before U+1F642")
    void tiesByCodePoint() {
        ExecutionRecord fullwidth = run("\uFF5E", START);
        ExecutionRecord emoji = run("\uD83D\uDE42", START);
        assertThat("\uFF5E".compareTo("\uD83D\uDE42")).as("String.compareTo disagrees").isPositive();

        assertThat(HistoryCursor.after(emoji).isBefore(fullwidth)).isTrue();
        assertThat(HistoryCursor.after(fullwidth).isBefore(emoji)).isFalse();
    }

    @Test
    @DisplayName("of(query) decodes the query's cursor, and is empty without one")
    void ofQuery() {
        assertThat(HistoryCursor.of(HistoryQuery.defaults())).isEmpty();
        assertThat(HistoryCursor.of(HistoryQuery.builder().cursor("djE6MTczNTY4OTYwMDEyMzpydW4tMQ").build()))
                .contains(HistoryCursor.after(run("run-1", START)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "garbage!",   // not base64
            "",           // empty
            "djI6MTp4",   // v2:1:x, another version
            "djE6Ong",    // v1::x, no millis
            "djE6MTI6",   // v1:12:, no id
            "djE6YWJjOng", // v1:abc:x, millis not a number
            "djE6MTIz"    // v1:123, no id separator
    })
    @DisplayName("a string this library did not produce is refused, naming it and what to pass instead")
    void badCursors(String bad) {
        assertThatThrownBy(() -> HistoryCursor.decode(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cursor '" + bad
                        + "' is not valid; pass back a next-page cursor exactly as this library returned it");
    }

    @Test
    @DisplayName("null cursors and null records are refused by name")
    void nulls() {
        assertThatThrownBy(() -> HistoryCursor.decode(null))
                .isInstanceOf(NullPointerException.class).hasMessage("cursor must not be null");
        assertThatThrownBy(() -> HistoryCursor.after(null))
                .isInstanceOf(NullPointerException.class).hasMessage("last must not be null");
    }
}
