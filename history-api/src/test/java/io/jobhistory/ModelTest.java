package io.jobhistory;

import io.jobhistory.spi.HistoryCursor;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.spi.RecordRules;

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
    void runningRecordsPastTheirDeadlineAreSeenAsAbandoned() {
        ExecutionRecord running = ExecutionRecord.builder("e", "j", "n", START)
                .heartbeatDeadline(START.plusSeconds(90)).build();

        Instant deadline = running.heartbeatDeadline().orElseThrow();
        assertThat(RecordRules.seenAt(running, deadline).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(RecordRules.seenAt(running, deadline.plusMillis(1)).status()).isEqualTo(ExecutionStatus.ABANDONED);
        ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.SUCCESS, START.plusSeconds(200)).build();
        assertThat(done.heartbeatDeadline()).isEmpty();
        assertThat(RecordRules.seenAt(done, START.plusSeconds(1000))).isSameAs(done);
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
    void cursorsRoundTripAndOrderLikeNewestFirst() {
        ExecutionRecord last = ExecutionRecord.builder("exé:1", "j", "n", START).build();
        HistoryCursor cursor = HistoryCursor.decode(HistoryCursor.after(last).encode());

        assertThat(cursor.executionId()).isEqualTo("exé:1");
        assertThat(cursor.startMillis()).isEqualTo(last.startTime().toEpochMilli());
        assertThat(cursor.isBefore(ExecutionRecord.builder("exa", "j", "n", START).build())).isTrue();
        assertThat(cursor.isBefore(ExecutionRecord.builder("ey", "j", "n", START).build())).isFalse();
        assertThat(cursor.isBefore(ExecutionRecord.builder("zz", "j", "n", START.minusMillis(1)).build())).isTrue();
        assertThat(cursor.isBefore(last)).isFalse();
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
    void summariesKeepSkippedRunsOutOfRatesStreaksAndDurations() {
        List<ExecutionRecord> newestFirst = List.of(
                run("e6", 60, ExecutionStatus.FAILED, 5),
                ExecutionRecord.builder("e5", "j", "n", START.plusSeconds(50)).skipped(START.plusSeconds(55), 4).build(),
                run("e4", 40, ExecutionStatus.FAILED, 7),
                run("e3", 30, ExecutionStatus.SUCCESS, 1),
                ExecutionRecord.builder("e2", "j", "n", START.plusSeconds(20)).skipped(START.plusSeconds(20), 1).build());

        JobSummary summary = HistoryRules.summarize("j", newestFirst);

        assertThat(summary.runs()).isEqualTo(5);
        assertThat(summary.countsByStatus()).containsEntry(ExecutionStatus.SKIPPED, 2)
                .containsEntry(ExecutionStatus.FAILED, 2).containsEntry(ExecutionStatus.SUCCESS, 1);
        assertThat(summary.successRate().getAsDouble()).isEqualTo(1 / 3.0);
        assertThat(summary.consecutiveFailures()).isEqualTo(2);
        assertThat(summary.p50Duration()).contains(java.time.Duration.ofSeconds(5));
        assertThat(summary.p95Duration()).contains(java.time.Duration.ofSeconds(7));
    }

    private static ExecutionRecord run(String id, int startSecond, ExecutionStatus status, int seconds) {
        return ExecutionRecord.builder(id, "j", "n", START.plusSeconds(startSecond))
                .finished(status, START.plusSeconds(startSecond + seconds)).build();
    }

    @Test
    void timesBeyondEpochMillisAreRefusedWithTheFieldAndValueAndQueriesClampThem() {
        Instant tooLate = Instant.ofEpochMilli(Long.MAX_VALUE).plusMillis(1);
        assertThatThrownBy(() -> ExecutionRecord.builder("e-1", "job", "Job", tooLate).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTime of execution 'e-1' of job 'job' is " + tooLate);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> ExecutionRecord.builder("e-2", "job", "Job", start)
                .finished(ExecutionStatus.SUCCESS, Instant.MAX).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endTime of execution 'e-2'");
        ExecutionRecord.builder("e-3", "job", "Job", Instant.ofEpochMilli(Long.MIN_VALUE))
                .finished(ExecutionStatus.SUCCESS, Instant.ofEpochMilli(Long.MAX_VALUE)).build();

        HistoryQuery query = HistoryQuery.builder().from(Instant.MIN).to(Instant.MAX).build();
        assertThat(query.from()).contains(Instant.ofEpochMilli(Long.MIN_VALUE));
        assertThat(query.to()).contains(Instant.ofEpochMilli(Long.MAX_VALUE));
    }
}
