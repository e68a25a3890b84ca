package io.jobhistory.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("HistoryRules: how every backend filters, pages and summarizes")
class HistoryRulesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** Three runs of one job, newest first, one second apart. */
    private final ExecutionRecord newest = finished("r3", 3_000, ExecutionStatus.FAILED, 1);
    private final ExecutionRecord middle = finished("r2", 2_000, ExecutionStatus.SUCCESS, 1);
    private final ExecutionRecord oldest = finished("r1", 1_000, ExecutionStatus.SUCCESS, 1);

    private static ExecutionRecord finished(String id, long startMillis, ExecutionStatus status, long durationMillis) {
        return ExecutionRecord.builder(id, "job", "Job " + id, START.plusMillis(startMillis))
                .finished(status, START.plusMillis(startMillis + durationMillis)).build();
    }

    @Nested
    @DisplayName("matcher")
    class Matcher {

        @Test
        @DisplayName("status, from (inclusive), to (exclusive) and cursor must all pass")
        void everyCondition() {
            ExecutionRecord atTo = finished("b", 300_000, ExecutionStatus.FAILED, 1);
            ExecutionRecord laterId = finished("n", 250_000, ExecutionStatus.FAILED, 1);
            ExecutionRecord cursorRun = finished("m", 250_000, ExecutionStatus.FAILED, 1);
            ExecutionRecord earlierId = finished("l", 250_000, ExecutionStatus.FAILED, 1);
            ExecutionRecord otherStatus = finished("d", 150_000, ExecutionStatus.SUCCESS, 1);
            ExecutionRecord atFrom = finished("a", 100_000, ExecutionStatus.FAILED, 1);
            ExecutionRecord beforeFrom = finished("c", 99_999, ExecutionStatus.FAILED, 1);
            HistoryQuery query = HistoryQuery.builder().status(ExecutionStatus.FAILED)
                    .from(START.plusSeconds(100)).to(START.plusSeconds(300))
                    .cursor(HistoryCursor.after(cursorRun).encode()).build();

            Predicate<ExecutionRecord> matcher = HistoryRules.matcher(query);

            assertThat(List.of(atTo, laterId, cursorRun, earlierId, otherStatus, atFrom, beforeFrom).stream()
                    .filter(matcher).toList()).containsExactly(earlierId, atFrom);
        }

        @Test
        @DisplayName("a query without filters matches every run, in any status")
        void noFilters() {
            Predicate<ExecutionRecord> matcher = HistoryRules.matcher(HistoryQuery.defaults());

            for (ExecutionStatus status : List.of(ExecutionStatus.SUCCESS, ExecutionStatus.PARTIAL_SUCCESS,
                    ExecutionStatus.FAILED)) {
                assertThat(matcher.test(finished("x", 0, status, 1))).as(status.wireName()).isTrue();
            }
            assertThat(matcher.test(ExecutionRecord.builder("r", "job", "Job", START).build())).isTrue();
        }

        @Test
        @DisplayName("the status is the one seen at read time: a run past its deadline matches abandoned, not running")
        void seenStatus() {
            ExecutionRecord seen = RecordRules.seenAt(ExecutionRecord.builder("r", "job", "Job", START)
                    .heartbeatDeadline(START.plusSeconds(1)).build(), START.plusSeconds(2));

            assertThat(HistoryRules.matcher(HistoryQuery.builder().status(ExecutionStatus.ABANDONED).build())
                    .test(seen)).isTrue();
            assertThat(HistoryRules.matcher(HistoryQuery.builder().status(ExecutionStatus.RUNNING).build())
                    .test(seen)).isFalse();
        }
    }

    @Nested
    @DisplayName("page")
    class Page {

        @Test
        @DisplayName("one match more than the limit: the newest limit runs, and a cursor after the last of them")
        void moreThanALimit() {
            HistoryPage page = HistoryRules.page(List.of(newest, middle, oldest), HistoryQuery.latest(2));

            assertThat(page.records()).containsExactly(newest, middle);
            assertThat(page.nextCursor()).contains(HistoryCursor.after(middle).encode());
            HistoryCursor cursor = HistoryCursor.decode(page.nextCursor().orElseThrow());
            assertThat(cursor.startMillis()).isEqualTo(START.toEpochMilli() + 2_000);
            assertThat(cursor.executionId()).isEqualTo("r2");
        }

        @Test
        @DisplayName("up to the limit: every run and no cursor")
        void upToTheLimit() {
            assertThat(HistoryRules.page(List.of(newest, middle, oldest), HistoryQuery.latest(3)))
                    .isEqualTo(new HistoryPage(List.of(newest, middle, oldest), Optional.empty()));
            assertThat(HistoryRules.page(List.of(newest), HistoryQuery.latest(3)))
                    .isEqualTo(new HistoryPage(List.of(newest), Optional.empty()));
            assertThat(HistoryRules.page(List.of(), HistoryQuery.latest(1)))
                    .isEqualTo(new HistoryPage(List.of(), Optional.empty()));
        }

        @Test
        @DisplayName("the next page, read with the cursor, starts right after the previous one")
        void nextPage() {
            List<ExecutionRecord> all = List.of(newest, middle, oldest);
            HistoryPage one = HistoryRules.page(all, HistoryQuery.latest(1));
            HistoryQuery next = HistoryQuery.builder().limit(1).cursor(one.nextCursor().orElseThrow()).build();

            HistoryPage two = HistoryRules.page(all.stream().filter(HistoryRules.matcher(next)).toList(), next);

            assertThat(one.records()).containsExactly(newest);
            assertThat(two.records()).containsExactly(middle);
            assertThat(two.nextCursor()).contains(HistoryCursor.after(middle).encode());
        }
    }

    @Nested
    @DisplayName("summarize")
    class Summarize {

        @Test
        @DisplayName("counts every run; rate, durations and streak over finished runs; skipped and running left out")
        void everyStatus() {
            ExecutionRecord running = ExecutionRecord.builder("r6", "job", "Job", START.plusSeconds(600)).build();
            ExecutionRecord abandoned = RecordRules.seenAt(ExecutionRecord.builder("r5", "job", "Job",
                    START.plusSeconds(500)).heartbeatDeadline(START.plusSeconds(510)).build(), START.plusSeconds(1000));
            ExecutionRecord skipped = ExecutionRecord.builder("r3", "job", "Job", START.plusSeconds(300))
                    .skipped(START.plusSeconds(330), 4).build();
            List<ExecutionRecord> newestFirst = List.of(
                    running,
                    abandoned,
                    finished("r4", 400_000, ExecutionStatus.FAILED, 3_000),
                    skipped,
                    finished("r2", 200_000, ExecutionStatus.PARTIAL_SUCCESS, 10_000),
                    finished("r1", 100_000, ExecutionStatus.SUCCESS, 1_500),
                    finished("r0", 0, ExecutionStatus.FAILED, 2_000));

            JobSummary summary = HistoryRules.summarize("job", newestFirst);

            assertThat(summary).isEqualTo(new JobSummary("job", 7,
                    Map.of(ExecutionStatus.RUNNING, 1, ExecutionStatus.ABANDONED, 1, ExecutionStatus.FAILED, 2,
                            ExecutionStatus.SKIPPED, 1, ExecutionStatus.PARTIAL_SUCCESS, 1, ExecutionStatus.SUCCESS, 1),
                    OptionalDouble.of(0.25),
                    Optional.of(START.plusMillis(101_500)),
                    Optional.of(START.plusMillis(403_000)),
                    2,
                    Optional.of(Duration.ofMillis(4_125)),
                    Optional.of(Duration.ofMillis(2_000)),
                    Optional.of(Duration.ofMillis(10_000))));
        }

        @Test
        @DisplayName("no runs: zero counts and nothing else")
        void empty() {
            assertThat(HistoryRules.summarize("job", List.of())).isEqualTo(new JobSummary("job", 0, Map.of(),
                    OptionalDouble.empty(), Optional.empty(), Optional.empty(), 0,
                    Optional.empty(), Optional.empty(), Optional.empty()));
        }

        @Test
        @DisplayName("only skipped runs: counted, with no success rate and no durations")
        void onlySkipped() {
            JobSummary summary = HistoryRules.summarize("job", List.of(
                    ExecutionRecord.builder("s", "job", "Job", START).skipped(START, 1).build()));

            assertThat(summary.runs()).isEqualTo(1);
            assertThat(summary.countsByStatus()).containsEntry(ExecutionStatus.SKIPPED, 1);
            assertThat(summary.successRate()).isEmpty();
            assertThat(summary.averageDuration()).isEmpty();
            assertThat(summary.p50Duration()).isEmpty();
            assertThat(summary.consecutiveFailures()).isZero();
        }

        @Test
        @DisplayName("the average rounds half up to the millisecond; percentiles are nearest-rank")
        void roundingAndPercentiles() {
            JobSummary two = HistoryRules.summarize("job", List.of(
                    finished("b", 1_000, ExecutionStatus.SUCCESS, 2),
                    finished("a", 0, ExecutionStatus.SUCCESS, 1)));
            assertThat(two.averageDuration()).contains(Duration.ofMillis(2));
            assertThat(two.p50Duration()).contains(Duration.ofMillis(1));
            assertThat(two.p95Duration()).contains(Duration.ofMillis(2));
            assertThat(two.successRate()).isEqualTo(OptionalDouble.of(1.0));

            List<ExecutionRecord> twenty = new java.util.ArrayList<>();
            for (int i = 20; i >= 1; i--) {
                twenty.add(finished("r" + i, i * 1_000L, ExecutionStatus.SUCCESS, i * 10L));
            }
            JobSummary summary = HistoryRules.summarize("job", twenty);
            assertThat(summary.p50Duration()).contains(Duration.ofMillis(100));
            assertThat(summary.p95Duration()).contains(Duration.ofMillis(190));
            assertThat(summary.averageDuration()).contains(Duration.ofMillis(105));
        }

        @Test
        @DisplayName("the failure streak counts failed and abandoned runs from the newest, up to the first other one")
        void failureStreak() {
            JobSummary summary = HistoryRules.summarize("job", List.of(
                    finished("r3", 3_000, ExecutionStatus.FAILED, 1),
                    finished("r2", 2_000, ExecutionStatus.FAILED, 1),
                    finished("r1", 1_000, ExecutionStatus.SUCCESS, 1),
                    finished("r0", 0, ExecutionStatus.FAILED, 1)));

            assertThat(summary.consecutiveFailures()).isEqualTo(2);
            assertThat(summary.lastFailureTime()).contains(START.plusMillis(3_001));
            assertThat(summary.lastSuccessTime()).contains(START.plusMillis(1_001));
            assertThat(summary.successRate()).isEqualTo(OptionalDouble.of(0.25));
        }
    }

    @Nested
    @DisplayName("overview")
    class Overview {

        @Test
        @DisplayName("the newest recentRuns, the newest run's name, and the summary of all")
        void recentAndSummary() {
            List<ExecutionRecord> all = List.of(newest, middle, oldest);

            assertThat(HistoryRules.overview("job", all, 2)).contains(new JobOverview("job", "Job r3",
                    List.of(newest, middle), HistoryRules.summarize("job", all)));
            assertThat(HistoryRules.overview("job", all, 2).orElseThrow().summary().runs()).isEqualTo(3);
        }

        @Test
        @DisplayName("asking for more recent runs than there are gives them all; no runs gives no overview")
        void edges() {
            assertThat(HistoryRules.overview("job", List.of(newest, middle), 10).orElseThrow().recentRuns())
                    .containsExactly(newest, middle);
            assertThat(HistoryRules.overview("job", List.of(newest), 0).orElseThrow().recentRuns()).isEmpty();
            assertThat(HistoryRules.overview("job", List.of(), 5)).isEmpty();
        }
    }
}
