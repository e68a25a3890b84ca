package io.jobhistory.testkit;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobRetention;
import io.jobhistory.JobStatistics;
import io.jobhistory.JobStatistics.Granularity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job record, failures kept past the run cap, and statistics, as every backend must keep them. Part of
 * {@link ExecutionHistoryRegistryContract}, which implements the accessors.
 */
public interface JobRecordContract {

    /** The registry under test, with a run cap of 100 and 100 failures kept besides. */
    ExecutionHistoryRegistry registryUnderTest();

    /** The clock of the current test's registries. */
    MutableClock testClock();

    /** A registry with {@code retention}, sharing the test's clock. */
    ExecutionHistoryRegistry registryWith(JobRetention retention);

    private static String job() {
        return "job-" + UUID.randomUUID();
    }

    private ExecutionRecord run(String jobId, Instant start, ExecutionStatus status, Duration took, String error) {
        ExecutionRecord.Builder b = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job " + jobId, start);
        if (status != ExecutionStatus.RUNNING) {
            b.finished(status, start.plus(took));
        }
        if (error != null) {
            b.errors(List.of(error, "second error")).failedItems(List.of("GOOGL"));
        }
        return b.succeededItems(List.of("AAPL")).build();
    }

    private Instant at(int minutesAgo) {
        return testClock().instant().minus(Duration.ofMinutes(minutesAgo));
    }

    @Test
    @DisplayName("job record: the newest run without its items, the last error, success and failure, counts")
    default void jobRecordFollowsSaves() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        ExecutionRecord failed = run(jobId, at(30), ExecutionStatus.FAILED, Duration.ofSeconds(3), "boom at 02:00");
        ExecutionRecord ok = run(jobId, at(20), ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null);
        ExecutionRecord partial = run(jobId, at(10), ExecutionStatus.PARTIAL_SUCCESS, Duration.ofSeconds(2),
                "GOOGL timed out");
        ExecutionRecord running = run(jobId, at(1), ExecutionStatus.RUNNING, null, null);
        for (ExecutionRecord r : List.of(failed, ok, partial, running)) {
            registry.save(r);
        }

        JobRecord record = registry.findJobRecord(jobId).orElseThrow();
        assertThat(record.jobId()).isEqualTo(jobId);
        assertThat(record.jobName()).isEqualTo("Job " + jobId);
        ExecutionRecord last = record.lastRun().orElseThrow();
        assertThat(last.executionId()).isEqualTo(running.executionId());
        assertThat(last.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(last.succeededItems()).isEmpty();
        assertThat(record.lastError()).contains("GOOGL timed out");
        assertThat(record.lastErrorExecutionId()).contains(partial.executionId());
        assertThat(record.lastSuccessTime()).isEqualTo(ok.endTime());
        assertThat(record.lastFailureTime()).isEqualTo(failed.endTime());
        assertThat(record.finishedCounts()).containsEntry(ExecutionStatus.SUCCESS, 1L)
                .containsEntry(ExecutionStatus.FAILED, 1L).containsEntry(ExecutionStatus.PARTIAL_SUCCESS, 1L)
                .containsEntry(ExecutionStatus.SKIPPED, 0L);

        registry.save(running.toBuilder().finished(ExecutionStatus.SUCCESS, running.startTime().plusSeconds(5))
                .build());
        JobRecord after = registry.findJobRecord(jobId).orElseThrow();
        assertThat(after.lastRun().orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(after.lastSuccessTime()).contains(running.startTime().plusSeconds(5));
        assertThat(after.finishedCounts()).containsEntry(ExecutionStatus.SUCCESS, 2L);
    }

    @Test
    @DisplayName("job record: older, repeated and running saves never move it backwards or count twice")
    default void jobRecordIsOrderSafe() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        ExecutionRecord newer = run(jobId, at(5), ExecutionStatus.FAILED, Duration.ofSeconds(1), "new failure");
        ExecutionRecord older = run(jobId, at(50), ExecutionStatus.FAILED, Duration.ofSeconds(1), "old failure");
        registry.save(newer);
        registry.save(older);
        registry.save(newer);                                          // a retry of the same save
        registry.saveAll(List.of(newer, newer));                       // duplicates in one batch
        registry.save(newer.toBuilder().running().build());            // a stale running save, refused

        JobRecord record = registry.findJobRecord(jobId).orElseThrow();
        assertThat(record.lastRun().orElseThrow().executionId()).isEqualTo(newer.executionId());
        assertThat(record.lastRun().orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.lastError()).contains("new failure");
        assertThat(record.lastFailureTime()).isEqualTo(newer.endTime());
        assertThat(record.finishedCounts()).containsEntry(ExecutionStatus.FAILED, 2L);
    }

    @Test
    @DisplayName("job record: absent for a job without runs, gone with its history; several read in the order asked")
    default void jobRecordsOfManyJobs() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String a = job();
        String b = job();
        registry.save(run(a, at(3), ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null));
        registry.save(run(b, at(3), ExecutionStatus.FAILED, Duration.ofSeconds(1), "x"));

        assertThat(registry.findJobRecord(job())).isEmpty();
        assertThat(registry.findJobRecords(List.of(b, job(), a, b))).extracting(JobRecord::jobId)
                .containsExactly(b, a);
        registry.deleteHistory(a);
        assertThat(registry.findJobRecord(a)).isEmpty();
        assertThatThrownBy(() -> registry.findJobRecord(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobId");
    }

    @Test
    @DisplayName("job record: deleting its newest run puts the run before it in its place")
    default void jobRecordAfterDeleteRun() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        ExecutionRecord before = run(jobId, at(10), ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null);
        ExecutionRecord notRun = run(jobId, at(1), ExecutionStatus.RUNNING, null, null);
        registry.save(before);
        registry.save(notRun);

        registry.deleteRun(jobId, notRun.executionId());

        assertThat(registry.findJobRecord(jobId).orElseThrow().lastRun().orElseThrow().executionId())
                .isEqualTo(before.executionId());
    }

    @Test
    @DisplayName("job record: a running newest run past its heartbeat deadline reads as abandoned")
    default void jobRecordSeesAbandoned() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        registry.save(run(jobId, at(1), ExecutionStatus.RUNNING, null, null).toBuilder()
                .heartbeatDeadline(testClock().instant().plusSeconds(30)).build());
        testClock().advance(Duration.ofMinutes(1));

        assertThat(registry.findJobRecord(jobId).orElseThrow().lastRun().orElseThrow().status())
                .isEqualTo(ExecutionStatus.ABANDONED);
    }

    @Test
    @DisplayName("failures are kept past the run cap; history and summaries keep to the cap, the failed filter reads all")
    default void failuresOutlastTheRunCap() {
        ExecutionHistoryRegistry small = registryWith(new JobRetention(3, 2, Duration.ofDays(30)));
        String jobId = job();
        List<ExecutionRecord> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ExecutionRecord f = run(jobId, at(100 - i), ExecutionStatus.FAILED, Duration.ofSeconds(1), "f" + i);
            failures.add(f);
            small.save(f);
        }
        List<ExecutionRecord> successes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ExecutionRecord s = run(jobId, at(50 - i), ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null);
            successes.add(s);
            small.save(s);
        }

        assertThat(small.findHistory(jobId)).extracting(ExecutionRecord::executionId)
                .containsExactly(successes.get(4).executionId(), successes.get(3).executionId(),
                        successes.get(2).executionId());
        assertThat(small.summarize(jobId).runs()).isEqualTo(3);
        assertThat(small.findHistory(jobId, 10, ExecutionStatus.FAILED)).extracting(ExecutionRecord::executionId)
                .containsExactly(failures.get(2).executionId(), failures.get(1).executionId());
        assertThat(small.findById(failures.get(2).executionId())).isPresent();
        assertThat(small.findById(failures.get(0).executionId())).as("past the failure cap").isEmpty();

        HistoryPage first = small.findPage(jobId, HistoryQuery.builder().status(ExecutionStatus.FAILED).limit(1)
                .build());
        assertThat(first.records()).extracting(ExecutionRecord::executionId)
                .containsExactly(failures.get(2).executionId());
        HistoryPage second = small.findPage(jobId, HistoryQuery.builder().status(ExecutionStatus.FAILED).limit(1)
                .cursor(first.nextCursor().orElseThrow()).build());
        assertThat(second.records()).extracting(ExecutionRecord::executionId)
                .containsExactly(failures.get(1).executionId());
        assertThat(second.nextCursor()).isEmpty();
        assertThat(small.findHistory(jobId, 10, ExecutionStatus.SUCCESS)).hasSize(3);
    }

    @Test
    @DisplayName("statistics: by hour and day, counts per status, durations and histogram; each run counted once")
    default void statisticsCountEachRunOnce() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        Instant hour = Granularity.HOUR.periodOf(testClock().instant()).minus(Duration.ofHours(2));
        ExecutionRecord fast = run(jobId, hour.plusSeconds(60), ExecutionStatus.SUCCESS, Duration.ofMillis(50), null);
        ExecutionRecord slow = run(jobId, hour.plusSeconds(120), ExecutionStatus.FAILED, Duration.ofSeconds(7), "x");
        ExecutionRecord later = run(jobId, hour.plus(Duration.ofHours(1)), ExecutionStatus.SUCCESS,
                Duration.ofSeconds(2), null);
        ExecutionRecord skipped = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job " + jobId,
                hour.plusSeconds(180)).skipped(hour.plusSeconds(240), 2).errors(List.of("vetoed")).build();
        registry.save(fast.toBuilder().running().build());
        registry.save(fast);
        registry.save(fast);                              // a duplicate: not counted again
        registry.save(slow);
        registry.save(later);
        registry.save(skipped);
        registry.save(skipped.toBuilder().skipped(hour.plusSeconds(300), 3).build()); // coalesced: same record

        JobStatistics hours = registry.findStatistics(jobId, hour, hour.plus(Duration.ofHours(2)), Granularity.HOUR);
        assertThat(hours.periods()).hasSize(2);
        JobStatistics.Period first = hours.periods().get(0);
        assertThat(first.start()).isEqualTo(hour);
        assertThat(first.counts()).containsEntry(ExecutionStatus.SUCCESS, 1L)
                .containsEntry(ExecutionStatus.FAILED, 1L).containsEntry(ExecutionStatus.SKIPPED, 1L);
        assertThat(first.runs()).isEqualTo(3);
        assertThat(first.totalDuration()).isEqualTo(Duration.ofMillis(7_050));
        assertThat(first.maxDuration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(first.histogram().get(JobStatistics.Period.bucketOf(Duration.ofMillis(50)))).isEqualTo(1L);
        assertThat(first.histogram().get(JobStatistics.Period.bucketOf(Duration.ofSeconds(7)))).isEqualTo(1L);
        assertThat(first.histogram().stream().mapToLong(Long::longValue).sum()).as("skips have no duration")
                .isEqualTo(2);
        assertThat(hours.periods().get(1).counts()).containsEntry(ExecutionStatus.SUCCESS, 1L);

        Instant day = Granularity.DAY.periodOf(hour);
        JobStatistics days = registry.findStatistics(jobId, day, testClock().instant().plus(Duration.ofDays(1)),
                Granularity.DAY);
        long dayRuns = days.periods().stream().mapToLong(JobStatistics.Period::runs).sum();
        assertThat(dayRuns).isEqualTo(4);
        assertThat(registry.findStatistics(jobId, hour.plus(Duration.ofHours(1)), hour.plus(Duration.ofHours(2)),
                Granularity.HOUR).periods()).hasSize(1);
        assertThat(registry.findStatistics(job(), hour, testClock().instant(), Granularity.DAY).periods()).isEmpty();
        assertThatThrownBy(() -> registry.findStatistics(jobId, hour, hour.minusSeconds(1), Granularity.HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
    }

    @Test
    @DisplayName("statistics: hours older than 48 are gone, days stay")
    default void hoursAreKeptTwoDays() {
        ExecutionHistoryRegistry registry = registryUnderTest();
        String jobId = job();
        Instant old = testClock().instant().minus(Duration.ofHours(60));
        registry.save(run(jobId, old, ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null));
        registry.save(run(jobId, at(5), ExecutionStatus.SUCCESS, Duration.ofSeconds(1), null));

        assertThat(registry.findStatistics(jobId, old.minus(Duration.ofDays(1)), testClock().instant().plusSeconds(1),
                Granularity.HOUR).periods()).hasSize(1);
        assertThat(registry.findStatistics(jobId, old.minus(Duration.ofDays(1)), testClock().instant().plusSeconds(1),
                Granularity.DAY).periods().stream().mapToLong(JobStatistics.Period::runs).sum()).isEqualTo(2);
    }
}
