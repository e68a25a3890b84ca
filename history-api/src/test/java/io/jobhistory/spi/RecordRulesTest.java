package io.jobhistory.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RecordRules: the stored form, the form seen at read time, and finished-is-final")
class RecordRulesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant DEADLINE = START.plusSeconds(90);

    private final ExecutionRecord running = ExecutionRecord.builder("e1", "job", "Job", START)
            .heartbeatDeadline(DEADLINE).succeededItems(List.of("AAPL")).attributes(Map.of("host", "h1")).build();
    private final ExecutionRecord succeeded = running.toBuilder()
            .finished(ExecutionStatus.SUCCESS, START.plusSeconds(10)).build();
    private final ExecutionRecord failed = running.toBuilder()
            .finished(ExecutionStatus.FAILED, START.plusSeconds(10)).build();
    private final ExecutionRecord skipped = ExecutionRecord.builder("e2", "job", "Job", START)
            .skipped(START.plusSeconds(60), 2).build();

    @Test
    @DisplayName("seen at its deadline a running record is still running; one millisecond later it reads as abandoned")
    void seenAt() {
        assertThat(RecordRules.seenAt(running, DEADLINE)).isSameAs(running);

        ExecutionRecord abandoned = RecordRules.seenAt(running, DEADLINE.plusMillis(1));
        assertThat(abandoned.status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(abandoned.isFinished()).isFalse();
        assertThat(abandoned.endTime()).isEmpty();
        assertThat(abandoned.heartbeatDeadline()).contains(DEADLINE);
        assertThat(abandoned.executionId()).isEqualTo("e1");
        assertThat(abandoned.startTime()).isEqualTo(START);
        assertThat(abandoned.succeededItems()).containsExactly("AAPL");
        assertThat(abandoned.attributes()).isEqualTo(Map.of("host", "h1"));
    }

    @Test
    @DisplayName("seenAt leaves alone running records without a deadline, and every finished record")
    void seenAtLeavesOthersAlone() {
        ExecutionRecord noDeadline = ExecutionRecord.builder("e3", "job", "Job", START).build();
        Instant muchLater = START.plusSeconds(1_000_000);

        assertThat(RecordRules.seenAt(noDeadline, muchLater)).isSameAs(noDeadline);
        assertThat(RecordRules.seenAt(succeeded, muchLater)).isSameAs(succeeded);
        assertThat(RecordRules.seenAt(failed, muchLater)).isSameAs(failed);
        assertThat(RecordRules.seenAt(skipped, muchLater)).isSameAs(skipped);
    }

    @Test
    @DisplayName("the stored form of an abandoned record is the running record it was, deadline kept")
    void storedForm() {
        ExecutionRecord abandoned = RecordRules.seenAt(running, DEADLINE.plusSeconds(1));

        ExecutionRecord stored = RecordRules.storedForm(abandoned);

        assertThat(stored).isEqualTo(running);
        assertThat(stored.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(stored.heartbeatDeadline()).contains(DEADLINE);
        assertThat(RecordRules.seenAt(stored, DEADLINE.plusSeconds(1))).isEqualTo(abandoned);
    }

    @Test
    @DisplayName("every other record is stored as it is")
    void storedFormLeavesOthersAlone() {
        assertThat(RecordRules.storedForm(running)).isSameAs(running);
        assertThat(RecordRules.storedForm(succeeded)).isSameAs(succeeded);
        assertThat(RecordRules.storedForm(failed)).isSameAs(failed);
        assertThat(RecordRules.storedForm(skipped)).isSameAs(skipped);
    }

    @Test
    @DisplayName("finished is final: a running record never replaces a finished one; anything else may be saved over")
    void finishedIsFinal() {
        ExecutionRecord abandoned = RecordRules.seenAt(running, DEADLINE.plusMillis(1));

        assertThat(RecordRules.isRefused(succeeded, running)).isTrue();
        assertThat(RecordRules.isRefused(failed, running)).isTrue();
        assertThat(RecordRules.isRefused(skipped, running)).isTrue();
        assertThat(RecordRules.isRefused(succeeded, abandoned)).isTrue();

        assertThat(RecordRules.isRefused(running, succeeded)).isFalse();
        assertThat(RecordRules.isRefused(running, running)).isFalse();
        assertThat(RecordRules.isRefused(abandoned, running)).isFalse();
        assertThat(RecordRules.isRefused(succeeded, failed)).isFalse();
        assertThat(RecordRules.isRefused(failed, succeeded)).isFalse();
    }
}
