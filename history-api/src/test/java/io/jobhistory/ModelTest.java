package io.jobhistory;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {

    private static final Instant START = Instant.parse("2025-10-29T10:00:00.123456789Z");

    @Test
    void statusWireNamesParseAndUnknownNamesListTheAllowedOnes() {
        assertThat(ExecutionStatus.fromWireName("partial_success")).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(ExecutionStatus.fromWireName("FAILED")).isEqualTo(ExecutionStatus.FAILED);
        assertThatThrownBy(() -> ExecutionStatus.fromWireName("partial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown execution status 'partial'; allowed: running, success, partial_success, failed, skipped, abandoned");
        assertThatThrownBy(() -> ExecutionStatus.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsKeepMillisecondsAndDeriveDuration() {
        ExecutionRecord r = ExecutionRecord.builder("e", "j", "n", START)
                .finished(ExecutionStatus.SUCCESS, START.plusMillis(1500)).build();

        assertThat(r.startTime()).isEqualTo(Instant.parse("2025-10-29T10:00:00.123Z"));
        assertThat(r.duration()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(1500));
        assertThat(r.totalItems()).isZero();
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void recordsRefuseContradictionsNamingTheValues() {
        assertThatThrownBy(() -> ExecutionRecord.builder("e", " ", "n", START).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jobId must not be blank, but was ' '");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", null, START).build())
                .isInstanceOf(NullPointerException.class).hasMessage("jobName must not be null (job 'j')");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START)
                .finished(ExecutionStatus.SUCCESS, START.minusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START).finished(ExecutionStatus.RUNNING, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not running");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START).totalItems(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> ExecutionRecord.builder("e\uD800", "j", "n", START).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate at index 1");
        assertThat(ExecutionRecord.builder("\uD83D\uDE42", "j", "n", START).build().executionId()).hasSize(2);
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START).errors(withNull).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("errors").hasMessageContaining("0");
    }

    @Test
    void recordsAreImmutable() {
        List<String> items = new ArrayList<>(List.of("a"));
        ExecutionRecord r = ExecutionRecord.builder("e", "j", "n", START).succeededItems(items).build();
        items.add("b");

        assertThat(r.succeededItems()).containsExactly("a");
        assertThatThrownBy(() -> r.succeededItems().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void queriesValidateAtOnce() {
        assertThatThrownBy(() -> HistoryQuery.latest(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be a positive number of runs, but was 0");
        assertThatThrownBy(() -> HistoryQuery.builder().from(START).to(START).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> HistoryQuery.builder().cursor("garbage!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor 'garbage!' is not valid");
        assertThat(HistoryQuery.defaults().limit()).isEqualTo(50);
    }

    @Test
    void newestFirstComparesIdsByCodePoint() {
        // U+1F642 (a surrogate pair in UTF-16) sorts after U+FF5E by code point, though not by char value
        ExecutionRecord emoji = ExecutionRecord.builder("\uD83D\uDE42", "j", "n", START).build();
        ExecutionRecord fullwidth = ExecutionRecord.builder("\uFF5E", "j", "n", START).build();

        assertThat(ExecutionRecord.NEWEST_FIRST.compare(emoji, fullwidth)).isNegative();
    }

    @Test
    void skippedRecordsHaveZeroDurationACountAndTheLastDueTime() {
        ExecutionRecord skipped = ExecutionRecord.builder("e", "j", "n", START)
                .skipped(START.plusSeconds(120), 3).errors(List.of("misfire")).build();

        assertThat(skipped.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(skipped.isFinished()).isTrue();
        assertThat(skipped.duration()).contains(java.time.Duration.ZERO);
        assertThat(skipped.endTime()).contains(skipped.startTime());
        assertThat(skipped.skipCount()).isEqualTo(3);
        assertThat(skipped.lastDueTime()).contains(START.plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(ExecutionRecord.builder("e", "j", "n", START).build().skipCount()).isZero();
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START).skipped(START, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count was 0");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START).skipped(START.minusSeconds(1), 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it was first due");
        assertThatThrownBy(() -> ExecutionRecord.builder("e", "j", "n", START)
                .finished(ExecutionStatus.SKIPPED, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use skipped(lastDueTime, count)");
    }

    @Test
    void timesBeyondEpochMillisAreRefusedWithTheFieldAndValueAndQueriesClampThem() {
        Instant tooLate = Instant.ofEpochMilli((1L << 53) - 1).plusMillis(1);
        assertThatThrownBy(() -> ExecutionRecord.builder("e-1", "job", "Job", tooLate).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTime of execution 'e-1' of job 'job' is " + tooLate);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> ExecutionRecord.builder("e-2", "job", "Job", start)
                .finished(ExecutionStatus.SUCCESS, Instant.MAX).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endTime of execution 'e-2'");
        ExecutionRecord widest = ExecutionRecord.builder("e-3", "job", "Job", Instant.ofEpochMilli(-(1L << 53) + 1))
                .finished(ExecutionStatus.SUCCESS, Instant.ofEpochMilli((1L << 53) - 1)).build();
        assertThat(widest.duration().orElseThrow().toMillis()).isEqualTo((1L << 54) - 2);
        assertThatThrownBy(() -> ExecutionRecord.builder("e-4", "job", "Job", Instant.ofEpochMilli(Long.MIN_VALUE))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTime of execution 'e-4'");

        HistoryQuery query = HistoryQuery.builder().from(Instant.MIN).to(Instant.MAX).build();
        assertThat(query.from()).contains(Instant.ofEpochMilli(-(1L << 53) + 1));
        assertThat(query.to()).contains(Instant.ofEpochMilli((1L << 53) - 1));
    }
}
