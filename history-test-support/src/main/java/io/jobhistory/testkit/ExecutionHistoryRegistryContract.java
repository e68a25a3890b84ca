package io.jobhistory.testkit;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.JobOverview;
import io.jobhistory.JobRetention;
import io.jobhistory.spi.RecordRules;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The semantics every {@link ExecutionHistoryRegistry} must have. A backend's test extends this class and
 * implements {@link #createRegistry}; all tests use fresh random job ids, so registries need not start empty.
 *
 * <pre>{@code
 * class MyRegistryTest extends ExecutionHistoryRegistryContract {
 *     protected ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention) {
 *         return new MyRegistry(clock, retention);
 *     }
 * }
 * }</pre>
 */
public abstract class ExecutionHistoryRegistryContract implements JobRecordContract {

    /** The retention cap of {@link #registry}. */
    protected static final int CAP = 100;
    /** The time to live of {@link #registry}. */
    protected static final Duration TTL = Duration.ofDays(30);
    /** The short time to live the expiry tests use, so backends with real-time expiry wait little. */
    protected static final Duration SHORT_TTL = Duration.ofMillis(2_000);
    /** How long past an expiry the expiry tests wait, for servers that expire keys on their own clock. */
    private static final Duration MARGIN = Duration.ofMillis(500);

    /** The clock every registry of the current test reads; starts at the real current time. */
    protected MutableClock clock;
    /** A registry with {@link #CAP} and {@link #TTL}. */
    protected ExecutionHistoryRegistry registry;

    /**
     * A registry with these settings that reads time from {@code clock}. It may share storage with other
     * registries of the same test class: tests use random job ids.
     */
    protected abstract ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention);

    /** As {@link #createRegistry(Clock, JobRetention)}, keeping no failed runs beyond the run cap. */
    protected final ExecutionHistoryRegistry createRegistry(Clock clock, int maxRunsPerJob, Duration timeToLive) {
        return createRegistry(clock, new JobRetention(maxRunsPerJob, 0, timeToLive));
    }

    /**
     * Lets {@code duration} pass for registries made with {@code clock}. The default advances the clock; a backend
     * whose expiry runs on a server's own clock overrides this to also wait that long.
     */
    protected void elapse(MutableClock clock, Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void createDefaultRegistry() {
        clock = MutableClock.startingNow();
        registry = createRegistry(clock, new JobRetention(CAP, JobRetention.DEFAULT_MAX_FAILURES, TTL));
    }

    @Override
    public final ExecutionHistoryRegistry registryUnderTest() {
        return registry;
    }

    @Override
    public final MutableClock testClock() {
        return clock;
    }

    @Override
    public final ExecutionHistoryRegistry registryWith(JobRetention retention) {
        return createRegistry(clock, retention);
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    /** A fresh job id no other test uses. */
    protected static String newJobId() {
        return "job-" + UUID.randomUUID();
    }

    /** A finished run of {@code jobId} that started {@code secondsAgo} before the clock's time and took 2 s. */
    protected ExecutionRecord finished(String jobId, int secondsAgo, ExecutionStatus status) {
        Instant start = clock.instant().minusSeconds(secondsAgo);
        return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job " + jobId, start)
                .finished(status, start.plusSeconds(2))
                .succeededItems(status == ExecutionStatus.FAILED ? List.of() : List.of("AAPL", "MSFT"))
                .failedItems(status == ExecutionStatus.SUCCESS ? List.of() : List.of("GOOGL"))
                .errors(status == ExecutionStatus.SUCCESS ? List.of()
                        : List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
                .build();
    }

    /** A running run of {@code jobId} that started {@code secondsAgo} before the clock's time. */
    protected ExecutionRecord running(String jobId, int secondsAgo) {
        Instant start = clock.instant().minusSeconds(secondsAgo);
        return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job " + jobId, start).build();
    }

    private List<String> ids(List<ExecutionRecord> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.executionId()));
        return ids;
    }

    private List<ExecutionRecord> saveEach(List<ExecutionRecord> records) {
        records.forEach(registry::save);
        return records;
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("save and read")
    class SaveAndRead {

        @Test
        @DisplayName("a saved record reads back equal, every field included")
        void roundTrip() {
            String jobId = newJobId();
            Instant start = clock.instant().minusSeconds(60);
            ExecutionRecord record = ExecutionRecord.builder("exec-" + UUID.randomUUID(), jobId, "Daily AAPL 日本", start)
                    .finished(ExecutionStatus.PARTIAL_SUCCESS, start.plusMillis(330_500))
                    .succeededItems(List.of("AAPL", "MSFT"))
                    .failedItems(List.of("GOOGL"))
                    .errors(List.of("Failed to fetch GOOGL: Connection timeout after 30s", "quote \" and \\ and \n"))
                    .totalItems(3)
                    .stackTrace("java.io.IOException: boom\n\tat X.y(X.java:1)\n")
                    .attributes(Map.of("host", "worker-1"))
                    .build();

            registry.save(record);

            assertThat(registry.findById(record.executionId())).contains(record);
            assertThat(registry.findById(record.executionId()).orElseThrow().duration())
                    .contains(Duration.ofMillis(330_500));
        }

        @Test
        @DisplayName("saving the same execution id again replaces the running record with the finished one")
        void upsert() {
            String jobId = newJobId();
            ExecutionRecord running = running(jobId, 10);
            registry.save(running);
            assertThat(registry.findLatest(jobId).map(ExecutionRecord::status)).contains(ExecutionStatus.RUNNING);

            ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.SUCCESS, clock.instant()).build();
            registry.save(done);

            assertThat(registry.findById(running.executionId())).contains(done);
            assertThat(registry.findHistory(jobId)).containsExactly(done);
        }

        @Test
        @DisplayName("a running record never replaces a finished one")
        void finishedIsFinal() {
            String jobId = newJobId();
            ExecutionRecord running = running(jobId, 10);
            ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.FAILED, clock.instant()).build();
            registry.save(done);
            registry.save(running);

            assertThat(registry.findById(running.executionId())).contains(done);
            assertThat(registry.findHistory(jobId)).containsExactly(done);
        }

        @Test
        @DisplayName("unknown ids and jobs read as empty")
        void unknown() {
            assertThat(registry.findById("no-such-" + UUID.randomUUID())).isEmpty();
            assertThat(registry.findLatest(newJobId())).isEmpty();
            assertThat(registry.findHistory(newJobId())).isEmpty();
            assertThat(registry.findPage(newJobId(), HistoryQuery.defaults()).nextCursor()).isEmpty();
        }

        @Test
        @DisplayName("latest is the newest by start time, a running run included")
        void latest() {
            String jobId = newJobId();
            registry.save(finished(jobId, 30, ExecutionStatus.SUCCESS));
            ExecutionRecord newest = running(jobId, 5);
            registry.save(newest);
            registry.save(finished(jobId, 60, ExecutionStatus.FAILED));

            assertThat(registry.findLatest(jobId)).contains(newest);
        }
    }

    @Nested
    @DisplayName("history")
    class History {

        @Test
        @DisplayName("is newest first, whatever order the runs were saved in")
        void newestFirst() {
            String jobId = newJobId();
            ExecutionRecord a = finished(jobId, 30, ExecutionStatus.SUCCESS);
            ExecutionRecord b = finished(jobId, 10, ExecutionStatus.FAILED);
            ExecutionRecord c = finished(jobId, 20, ExecutionStatus.PARTIAL_SUCCESS);
            saveEach(List.of(a, b, c));

            assertThat(registry.findHistory(jobId)).containsExactly(b, c, a);
        }

        @Test
        @DisplayName("orders runs that started in the same millisecond by execution id, descending")
        void ties() {
            String jobId = newJobId();
            Instant start = clock.instant().minusSeconds(5);
            List<ExecutionRecord> runs = new ArrayList<>();
            for (String id : List.of("b-" + jobId, "a-" + jobId, "c-" + jobId, "\u00e9-" + jobId, "B-" + jobId)) {
                runs.add(ExecutionRecord.builder(id, jobId, "tie", start).build());
            }
            saveEach(runs);

            assertThat(ids(registry.findHistory(jobId)))
                    .containsExactly("\u00e9-" + jobId, "c-" + jobId, "b-" + jobId, "a-" + jobId, "B-" + jobId);
            List<ExecutionRecord> sorted = new ArrayList<>(runs);
            sorted.sort(ExecutionRecord.NEWEST_FIRST);
            assertThat(registry.findHistory(jobId)).containsExactlyElementsOf(sorted);
        }

        @Test
        @DisplayName("returns at most the limit, 50 by default")
        void limit() {
            String jobId = newJobId();
            for (int i = 0; i < 60; i++) {
                registry.save(finished(jobId, 100 - i, ExecutionStatus.SUCCESS));
            }

            assertThat(registry.findHistory(jobId)).hasSize(50);
            List<ExecutionRecord> three = registry.findHistory(jobId, 3);
            assertThat(three).hasSize(3);
            assertThat(three.get(0).startTime()).isEqualTo(clock.instant().minusSeconds(41));
            assertThat(registry.findHistory(jobId, 1000)).hasSize(60);
        }

        @ParameterizedTest(name = "status {0}")
        @EnumSource(value = ExecutionStatus.class, names = {"SUCCESS", "PARTIAL_SUCCESS", "FAILED", "RUNNING"})
        @DisplayName("filters by status, newest first, with the limit applied after the filter")
        void statusFilter(ExecutionStatus status) {
            String jobId = newJobId();
            List<ExecutionRecord> wanted = new ArrayList<>();
            int secondsAgo = 200;
            for (int round = 0; round < 4; round++) {
                for (ExecutionStatus s : List.of(ExecutionStatus.SUCCESS, ExecutionStatus.PARTIAL_SUCCESS,
                        ExecutionStatus.FAILED, ExecutionStatus.RUNNING)) {
                    ExecutionRecord r = s == ExecutionStatus.RUNNING ? running(jobId, secondsAgo)
                            : finished(jobId, secondsAgo, s);
                    registry.save(r);
                    if (s == status) {
                        wanted.add(0, r);
                    }
                    secondsAgo -= 3;
                }
            }

            assertThat(registry.findHistory(jobId, 50, status)).containsExactlyElementsOf(wanted);
            assertThat(registry.findHistory(jobId, 2, status)).containsExactlyElementsOf(wanted.subList(0, 2));
        }

        @Test
        @DisplayName("a status filter that matches nothing gives an empty page")
        void filterMatchesNothing() {
            String jobId = newJobId();
            registry.save(finished(jobId, 10, ExecutionStatus.SUCCESS));

            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.FAILED)).isEmpty();
        }
    }

    @Nested
    @DisplayName("paging")
    class Paging {

        @Test
        @DisplayName("cursors walk the whole history once, in order, and the last page has no cursor")
        void cursor() {
            String jobId = newJobId();
            List<ExecutionRecord> all = new ArrayList<>();
            Instant tie = clock.instant().minusSeconds(50);
            for (int i = 0; i < 23; i++) {
                // a few runs share a start time, so pages must split ties correctly
                Instant start = i % 5 == 0 ? tie : clock.instant().minusSeconds(100 + i);
                all.add(ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "paged", start)
                        .finished(ExecutionStatus.SUCCESS, start.plusSeconds(1)).build());
            }
            saveEach(all);
            all.sort(ExecutionRecord.NEWEST_FIRST);

            List<ExecutionRecord> walked = new ArrayList<>();
            HistoryPage page = registry.findPage(jobId, HistoryQuery.latest(5));
            int pages = 1;
            walked.addAll(page.records());
            while (page.nextCursor().isPresent()) {
                page = registry.findPage(jobId,
                        HistoryQuery.builder().limit(5).cursor(page.nextCursor().get()).build());
                walked.addAll(page.records());
                pages++;
            }

            assertThat(walked).containsExactlyElementsOf(all);
            assertThat(pages).isEqualTo(5);
        }

        @Test
        @DisplayName("a page that holds exactly the rest has no cursor")
        void exactFit() {
            String jobId = newJobId();
            for (int i = 0; i < 4; i++) {
                registry.save(finished(jobId, 10 + i, ExecutionStatus.SUCCESS));
            }

            assertThat(registry.findPage(jobId, HistoryQuery.latest(4)).nextCursor()).isEmpty();
            assertThat(registry.findPage(jobId, HistoryQuery.latest(3)).nextCursor()).isPresent();
        }

        @Test
        @DisplayName("from is inclusive, to is exclusive, and they combine with status and cursor")
        void timeRange() {
            String jobId = newJobId();
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                runs.add(finished(jobId, 100 - i * 10, i % 2 == 0 ? ExecutionStatus.SUCCESS : ExecutionStatus.FAILED));
            }
            saveEach(runs);
            Instant from = runs.get(2).startTime();
            Instant to = runs.get(8).startTime();

            HistoryQuery range = HistoryQuery.builder().from(from).to(to).build();
            assertThat(registry.findPage(jobId, range).records())
                    .containsExactly(runs.get(7), runs.get(6), runs.get(5), runs.get(4), runs.get(3), runs.get(2));

            HistoryQuery failedInRange = HistoryQuery.builder().from(from).to(to).status(ExecutionStatus.FAILED)
                    .limit(2).build();
            HistoryPage first = registry.findPage(jobId, failedInRange);
            assertThat(first.records()).containsExactly(runs.get(7), runs.get(5));
            HistoryPage second = registry.findPage(jobId, HistoryQuery.builder().from(from).to(to)
                    .status(ExecutionStatus.FAILED).limit(2).cursor(first.nextCursor().orElseThrow()).build());
            assertThat(second.records()).containsExactly(runs.get(3));
            assertThat(second.nextCursor()).isEmpty();
        }

        @Test
        @DisplayName("times at and beyond the storable range select what they mean, never fail")
        void extremeTimes() {
            String jobId = newJobId();
            List<ExecutionRecord> runs = saveEach(List.of(finished(jobId, 30, ExecutionStatus.SUCCESS),
                    finished(jobId, 20, ExecutionStatus.FAILED)));
            Instant farPast = Instant.parse("-999999999-01-01T00:00:00Z");
            Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");

            assertThat(registry.findPage(jobId, HistoryQuery.builder().from(farPast).to(farFuture).build()).records())
                    .containsExactly(runs.get(1), runs.get(0));
            assertThat(registry.findPage(jobId, HistoryQuery.builder().from(Instant.ofEpochMilli(Long.MIN_VALUE))
                    .to(Instant.ofEpochMilli(Long.MAX_VALUE)).status(ExecutionStatus.FAILED).build()).records())
                    .containsExactly(runs.get(1));
            assertThat(registry.findPage(jobId, HistoryQuery.builder().to(farPast).build()).records()).isEmpty();
            assertThat(registry.findPage(jobId, HistoryQuery.builder().from(farFuture).build()).records()).isEmpty();
        }
    }

    @Nested
    @DisplayName("retention")
    class Retention {

        @Test
        @DisplayName("keeps the newest runs up to the cap and deletes the rest")
        void cap() {
            ExecutionHistoryRegistry small = createRegistry(clock, 5, TTL);
            String jobId = newJobId();
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ExecutionRecord r = finished(jobId, 100 - i, ExecutionStatus.SUCCESS);
                runs.add(r);
                small.save(r);
            }

            List<ExecutionRecord> newest = new ArrayList<>(runs.subList(3, 8));
            Collections.reverse(newest);
            assertThat(small.findHistory(jobId, 100)).containsExactlyElementsOf(newest);
            for (ExecutionRecord trimmed : runs.subList(0, 3)) {
                assertThat(small.findById(trimmed.executionId())).isEmpty();
            }
        }

        @Test
        @DisplayName("a run older than a full window is not kept")
        void olderThanWindow() {
            ExecutionHistoryRegistry small = createRegistry(clock, 3, TTL);
            String jobId = newJobId();
            for (int i = 0; i < 3; i++) {
                small.save(finished(jobId, 10 + i, ExecutionStatus.SUCCESS));
            }
            ExecutionRecord old = finished(jobId, 1000, ExecutionStatus.FAILED);
            small.save(old);

            assertThat(small.findHistory(jobId)).hasSize(3).doesNotContain(old);
            assertThat(small.findById(old.executionId())).isEmpty();
        }

        @Test
        @DisplayName("records expire after the time to live, counted from their last save")
        void timeToLive() {
            ExecutionHistoryRegistry shortLived = createRegistry(clock, CAP, SHORT_TTL);
            String jobId = newJobId();
            ExecutionRecord first = finished(jobId, 20, ExecutionStatus.SUCCESS);
            ExecutionRecord second = running(jobId, 10);
            shortLived.save(first);
            shortLived.save(second);

            elapse(clock, SHORT_TTL.dividedBy(2));
            ExecutionRecord secondDone = second.toBuilder().finished(ExecutionStatus.SUCCESS, clock.instant()).build();
            shortLived.save(secondDone);
            elapse(clock, SHORT_TTL.dividedBy(2).plus(MARGIN));

            assertThat(shortLived.findById(first.executionId())).isEmpty();
            assertThat(shortLived.findById(second.executionId())).contains(secondDone);
            assertThat(shortLived.findHistory(jobId)).containsExactly(secondDone);
            assertThat(shortLived.findLatest(jobId)).contains(secondDone);

            elapse(clock, SHORT_TTL.dividedBy(2));
            assertThat(shortLived.findHistory(jobId)).isEmpty();
            assertThat(shortLived.findLatest(jobId)).isEmpty();
            assertThat(shortLived.findJobIds()).doesNotContain(jobId);
        }
    }

    @Nested
    @DisplayName("abandoned runs")
    class Abandoned {

        @Test
        @DisplayName("a running record past its heartbeat deadline reads as abandoned everywhere")
        void pastDeadline() {
            String jobId = newJobId();
            Instant start = clock.instant().minusSeconds(30);
            ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "hb", start)
                    .heartbeatDeadline(clock.instant().plusSeconds(60)).build();
            registry.save(running);
            ExecutionRecord older = finished(jobId, 100, ExecutionStatus.SUCCESS);
            registry.save(older);
            assertThat(registry.findById(running.executionId()).map(ExecutionRecord::status))
                    .contains(ExecutionStatus.RUNNING);

            clock.advance(Duration.ofSeconds(61));

            ExecutionRecord abandoned = RecordRules.seenAt(running, clock.instant());
            assertThat(registry.findById(running.executionId())).contains(abandoned);
            assertThat(registry.findLatest(jobId)).contains(abandoned);
            assertThat(registry.findHistory(jobId)).containsExactly(abandoned, older);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.ABANDONED)).containsExactly(abandoned);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.RUNNING)).isEmpty();
        }

        @Test
        @DisplayName("a run that finishes after all replaces abandoned with its true outcome")
        void finishesAfterAll() {
            String jobId = newJobId();
            ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "hb",
                    clock.instant()).heartbeatDeadline(clock.instant().plusSeconds(1)).build();
            registry.save(running);
            clock.advance(Duration.ofSeconds(5));
            assertThat(registry.findLatest(jobId).map(ExecutionRecord::status)).contains(ExecutionStatus.ABANDONED);

            ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.SUCCESS, clock.instant()).build();
            registry.save(done);

            assertThat(registry.findLatest(jobId)).contains(done);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.ABANDONED)).isEmpty();
        }

        @Test
        @DisplayName("an abandoned record saved again (a copy) stays abandoned and never replaces a finished one")
        void savedAgain() {
            String jobId = newJobId();
            ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "hb",
                    clock.instant()).heartbeatDeadline(clock.instant().plusSeconds(1)).build();
            registry.save(running);
            clock.advance(Duration.ofSeconds(5));
            ExecutionRecord abandoned = registry.findById(running.executionId()).orElseThrow();
            assertThat(abandoned.status()).isEqualTo(ExecutionStatus.ABANDONED);

            registry.save(abandoned);
            assertThat(registry.findById(running.executionId())).contains(abandoned);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.ABANDONED)).containsExactly(abandoned);

            ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.FAILED, clock.instant()).build();
            registry.save(done);
            registry.save(abandoned);
            assertThat(registry.findById(running.executionId())).contains(done);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.ABANDONED)).isEmpty();
        }

        @Test
        @DisplayName("a running record without a deadline never reads as abandoned")
        void noDeadline() {
            String jobId = newJobId();
            registry.save(running(jobId, 10));
            clock.advance(Duration.ofDays(2));

            assertThat(registry.findLatest(jobId).map(ExecutionRecord::status)).contains(ExecutionStatus.RUNNING);
        }
    }

    @Nested
    @DisplayName("jobs and deletion")
    class Jobs {

        @Test
        @DisplayName("lists the jobs that have history")
        void jobIds() {
            String a = newJobId();
            String b = newJobId();
            registry.save(finished(a, 10, ExecutionStatus.SUCCESS));
            registry.save(finished(b, 10, ExecutionStatus.FAILED));

            assertThat(registry.findJobIds()).contains(a, b);
        }

        @Test
        @DisplayName("deleting a job's history removes all its runs and nothing else")
        void delete() {
            String doomed = newJobId();
            String kept = newJobId();
            List<ExecutionRecord> doomedRuns = saveEach(List.of(finished(doomed, 10, ExecutionStatus.SUCCESS),
                    finished(doomed, 20, ExecutionStatus.FAILED), running(doomed, 5)));
            ExecutionRecord keptRun = finished(kept, 10, ExecutionStatus.SUCCESS);
            registry.save(keptRun);

            assertThat(registry.deleteHistory(doomed)).isEqualTo(3);

            assertThat(registry.findHistory(doomed)).isEmpty();
            assertThat(registry.findLatest(doomed)).isEmpty();
            doomedRuns.forEach(r -> assertThat(registry.findById(r.executionId())).isEmpty());
            assertThat(registry.findJobIds()).doesNotContain(doomed).contains(kept);
            assertThat(registry.findHistory(kept)).containsExactly(keptRun);
            assertThat(registry.deleteHistory(doomed)).isZero();
        }
        @Test
        @DisplayName("deleting one run removes it alone; the job's latest is then the run before it")
        void deleteRun() {
            String jobId = newJobId();
            ExecutionRecord older = finished(jobId, 20, ExecutionStatus.FAILED);
            ExecutionRecord doomed = running(jobId, 5);
            saveEach(List.of(older, doomed));

            assertThat(registry.deleteRun(jobId, doomed.executionId())).isTrue();

            assertThat(registry.findById(doomed.executionId())).isEmpty();
            assertThat(registry.findHistory(jobId)).containsExactly(older);
            assertThat(registry.findLatest(jobId)).contains(older);
            assertThat(registry.summarize(jobId).runs()).isEqualTo(1);
            assertThat(registry.deleteRun(jobId, doomed.executionId())).isFalse();
        }

        @Test
        @DisplayName("deleting a job's only run removes the job from the job ids; a new save brings it back")
        void deleteOnlyRun() {
            String jobId = newJobId();
            ExecutionRecord only = running(jobId, 5);
            registry.save(only);

            assertThat(registry.deleteRun(jobId, only.executionId())).isTrue();
            assertThat(registry.findJobIds()).doesNotContain(jobId);
            assertThat(registry.findLatest(jobId)).isEmpty();
            assertThat(registry.findOverviews(List.of(jobId), 5)).isEmpty();

            ExecutionRecord again = only.toBuilder().finished(ExecutionStatus.SUCCESS, only.startTime().plusSeconds(1))
                    .build();
            registry.save(again);
            assertThat(registry.findJobIds()).contains(jobId);
            assertThat(registry.findHistory(jobId)).containsExactly(again);
        }

        @Test
        @DisplayName("deleting a run under another job's id deletes nothing")
        void deleteRunOfAnotherJob() {
            String jobId = newJobId();
            ExecutionRecord run = finished(jobId, 5, ExecutionStatus.SUCCESS);
            registry.save(run);

            assertThat(registry.deleteRun(newJobId(), run.executionId())).isFalse();
            assertThat(registry.deleteRun(jobId, UUID.randomUUID().toString())).isFalse();

            assertThat(registry.findById(run.executionId())).contains(run);
            assertThat(registry.findHistory(jobId)).containsExactly(run);
            assertThatThrownBy(() -> registry.deleteRun(jobId, " ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("executionId");
            assertThatThrownBy(() -> registry.deleteRun("", run.executionId()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobId");
        }
    }

    @Nested
    @DisplayName("job ids are arbitrary strings")
    class Isolation {

        @Test
        @DisplayName("colons, braces, globs, spaces, unicode and long ids never mix")
        void awkwardIds() {
            String base = UUID.randomUUID().toString();
            List<String> jobIds = List.of(base, base + ":x", base + ":*", base + "*", "{" + base + "}",
                    base + " with space", base + "%3A", base + "/slash", "日本語ジョブ-" + base, "🙂" + base,
                    base + "x".repeat(1000), base + ":job_history_index:x", "..:" + base);
            Map<String, ExecutionRecord> saved = new java.util.HashMap<>();
            for (String jobId : jobIds) {
                ExecutionRecord r = finished(jobId, 10, ExecutionStatus.SUCCESS);
                registry.save(r);
                saved.put(jobId, r);
            }

            for (String jobId : jobIds) {
                assertThat(registry.findHistory(jobId)).as(jobId).containsExactly(saved.get(jobId));
                assertThat(registry.findLatest(jobId)).as(jobId).contains(saved.get(jobId));
            }
            assertThat(registry.findJobIds()).containsAll(jobIds);

            assertThat(registry.deleteHistory(base + ":*")).isEqualTo(1);
            assertThat(registry.findHistory(base)).containsExactly(saved.get(base));
            assertThat(registry.findHistory(base + ":x")).containsExactly(saved.get(base + ":x"));
        }

        @Test
        @DisplayName("execution ids are arbitrary strings too")
        void awkwardExecutionIds() {
            String jobId = newJobId();
            List<String> executionIds = List.of("a:b:" + jobId, "*" + jobId, "{x}" + jobId, "é " + jobId);
            for (String id : executionIds) {
                registry.save(ExecutionRecord.builder(id, jobId, "n", clock.instant()).build());
            }

            for (String id : executionIds) {
                assertThat(registry.findById(id).map(ExecutionRecord::executionId)).contains(id);
            }
            assertThat(registry.findById("*")).isEmpty();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {

        @Test
        @DisplayName("many threads saving runs of one job lose and duplicate nothing")
        void concurrentSaves() throws Exception {
            ExecutionHistoryRegistry roomy = createRegistry(clock, 1_000, TTL);
            String jobId = newJobId();
            int threads = 8;
            int perThread = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        go.await();
                        List<String> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            ExecutionRecord running = running(jobId, thread * perThread + i);
                            roomy.save(running);
                            roomy.save(running.toBuilder()
                                    .finished(ExecutionStatus.SUCCESS, running.startTime().plusMillis(5)).build());
                            mine.add(running.executionId());
                        }
                        return mine;
                    }));
                }
                go.countDown();
                Set<String> expected = new HashSet<>();
                for (Future<List<String>> f : futures) {
                    expected.addAll(f.get(60, TimeUnit.SECONDS));
                }

                List<ExecutionRecord> history = roomy.findHistory(jobId, 10_000);
                assertThat(history).hasSize(threads * perThread);
                assertThat(ids(history)).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(history).allMatch(r -> r.status() == ExecutionStatus.SUCCESS);
                assertThat(history).isSortedAccordingTo(ExecutionRecord.NEWEST_FIRST);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("concurrent saves beyond the cap leave exactly the newest runs")
        void concurrentCap() throws Exception {
            ExecutionHistoryRegistry small = createRegistry(clock, 20, TTL);
            String jobId = newJobId();
            List<ExecutionRecord> runs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                runs.add(finished(jobId, 1_000 - i, ExecutionStatus.SUCCESS));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = thread; i < runs.size(); i += 4) {
                            small.save(runs.get(i));
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<ExecutionRecord> newest = new ArrayList<>(runs.subList(100, 120));
            newest.sort(ExecutionRecord.NEWEST_FIRST);
            assertThat(small.findHistory(jobId, 100)).containsExactlyElementsOf(newest);
            assertThat(small.findById(runs.get(99).executionId())).isEmpty();
        }
    }

    @Nested
    @DisplayName("summary")
    class Summary {

        @Test
        @DisplayName("counts, success rate, last times, failure streak and durations agree with the runs")
        void summary() {
            String jobId = newJobId();
            Instant base = clock.instant().minusSeconds(1_000);
            int[] seconds = {10, 20, 30, 40, 50};
            ExecutionStatus[] statuses = {ExecutionStatus.SUCCESS, ExecutionStatus.PARTIAL_SUCCESS,
                    ExecutionStatus.SUCCESS, ExecutionStatus.FAILED, ExecutionStatus.FAILED};
            for (int i = 0; i < seconds.length; i++) {
                Instant start = base.plusSeconds(i * 100L);
                registry.save(ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "s", start)
                        .finished(statuses[i], start.plusSeconds(seconds[i])).build());
            }
            registry.save(running(jobId, 1));

            JobSummary summary = registry.summarize(jobId);

            assertThat(summary.jobId()).isEqualTo(jobId);
            assertThat(summary.runs()).isEqualTo(6);
            assertThat(summary.countsByStatus()).containsEntry(ExecutionStatus.SUCCESS, 2)
                    .containsEntry(ExecutionStatus.PARTIAL_SUCCESS, 1).containsEntry(ExecutionStatus.FAILED, 2)
                    .containsEntry(ExecutionStatus.RUNNING, 1).containsEntry(ExecutionStatus.ABANDONED, 0);
            assertThat(summary.successRate().getAsDouble()).isCloseTo(0.4, within(1e-9));
            assertThat(summary.lastSuccessTime()).contains(base.plusSeconds(200 + 30));
            assertThat(summary.lastFailureTime()).contains(base.plusSeconds(400 + 50));
            assertThat(summary.consecutiveFailures()).isEqualTo(2);
            assertThat(summary.averageDuration()).contains(Duration.ofSeconds(30));
            assertThat(summary.p50Duration()).contains(Duration.ofSeconds(30));
            assertThat(summary.p95Duration()).contains(Duration.ofSeconds(50));
        }

        @Test
        @DisplayName("an unknown job has an empty summary")
        void empty() {
            JobSummary summary = registry.summarize(newJobId());

            assertThat(summary.runs()).isZero();
            assertThat(summary.successRate()).isEmpty();
            assertThat(summary.p95Duration()).isEmpty();
            assertThat(summary.consecutiveFailures()).isZero();
        }
    }

    @Nested
    @DisplayName("batches and overviews")
    class Batches {

        @Test
        @DisplayName("saveAll saves every record as save would, finished-is-final included")
        void saveAllIsManySaves() {
            String jobId = newJobId();
            ExecutionRecord done = finished(jobId, 30, ExecutionStatus.SUCCESS);
            ExecutionRecord runningCopy = done.toBuilder().running().build();
            ExecutionRecord other = finished(jobId, 20, ExecutionStatus.FAILED);
            ExecutionRecord third = running(jobId, 10);

            registry.saveAll(List.of(done, runningCopy, other, third));
            registry.saveAll(List.of());

            assertThat(registry.findHistory(jobId)).containsExactly(third, other, done);
            assertThatThrownBy(() -> registry.saveAll(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.saveAll(java.util.Arrays.asList(finished(jobId, 5,
                    ExecutionStatus.SUCCESS), null))).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("overviews give each job its newest runs and summary, in the order asked, unknown jobs left out")
        void overviews() {
            String a = newJobId();
            String b = newJobId();
            List<ExecutionRecord> aRuns = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                aRuns.add(finished(a, 1_000 - i * 10, i % 5 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCESS));
            }
            saveEach(aRuns);
            ExecutionRecord bRun = finished(b, 50, ExecutionStatus.PARTIAL_SUCCESS);
            registry.save(bRun);

            List<JobOverview> overviews = registry.findOverviews(List.of(b, newJobId(), a, b), 20);

            assertThat(overviews).extracting(JobOverview::jobId).containsExactly(b, a);
            JobOverview overviewA = overviews.get(1);
            assertThat(overviewA.recentRuns()).hasSize(20).isEqualTo(registry.findHistory(a, 20));
            assertThat(overviewA.summary()).isEqualTo(registry.summarize(a));
            assertThat(overviewA.summary().runs()).isEqualTo(25);
            assertThat(overviewA.jobName()).isEqualTo("Job " + a);
            assertThat(overviews.get(0).latest()).contains(bRun);
            assertThat(registry.findOverviews(List.of(a), 0).get(0).recentRuns()).isEmpty();
            assertThat(registry.findOverviews(List.of(), 20)).isEmpty();
            assertThatThrownBy(() -> registry.findOverviews(List.of(a), 101))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
            assertThatThrownBy(() -> registry.findOverviews(List.of(" "), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobId");
        }

        @Test
        @DisplayName("a registry closes with try-with-resources and no checked exception")
        void closes() {
            try (ExecutionHistoryRegistry closing = createRegistry(clock, CAP, TTL)) {
                closing.save(finished(newJobId(), 1, ExecutionStatus.SUCCESS));
            }
        }
    }

    @Nested
    @DisplayName("skipped runs")
    class Skipped {

        private ExecutionRecord skipped(String jobId, int secondsAgo, int count) {
            Instant due = clock.instant().minusSeconds(secondsAgo);
            return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job " + jobId, due)
                    .skipped(due.plusSeconds(count - 1L), count).errors(List.of("misfire")).build();
        }

        @Test
        @DisplayName("skipped runs are returned by history, by status and as the latest, with their count")
        void readBack() {
            String jobId = newJobId();
            ExecutionRecord older = finished(jobId, 100, ExecutionStatus.SUCCESS);
            ExecutionRecord skip = skipped(jobId, 50, 3);
            saveEach(List.of(older, skip));

            assertThat(registry.findLatest(jobId)).contains(skip);
            assertThat(registry.findHistory(jobId)).containsExactly(skip, older);
            assertThat(registry.findHistory(jobId, 10, ExecutionStatus.SKIPPED)).containsExactly(skip);
            assertThat(registry.findById(skip.executionId()).orElseThrow().skipCount()).isEqualTo(3);
        }

        @Test
        @DisplayName("a skipped record is final: a running copy never replaces it; a later skip count does")
        void finalButUpdatable() {
            String jobId = newJobId();
            ExecutionRecord skip = skipped(jobId, 50, 1);
            registry.save(skip);
            registry.save(ExecutionRecord.builder(skip.executionId(), jobId, "x", skip.startTime()).build());
            assertThat(registry.findById(skip.executionId())).contains(skip);

            ExecutionRecord more = skip.toBuilder().skipped(skip.startTime().plusSeconds(60), 2).build();
            registry.save(more);
            assertThat(registry.findHistory(jobId)).containsExactly(more);
        }

        @Test
        @DisplayName("the summary counts skipped runs apart from the rate, the streak and the durations")
        void summary() {
            String jobId = newJobId();
            saveEach(List.of(finished(jobId, 100, ExecutionStatus.SUCCESS), finished(jobId, 80, ExecutionStatus.FAILED),
                    skipped(jobId, 60, 5), finished(jobId, 40, ExecutionStatus.FAILED), skipped(jobId, 20, 1)));

            JobSummary summary = registry.summarize(jobId);

            assertThat(summary.countsByStatus()).containsEntry(ExecutionStatus.SKIPPED, 2);
            assertThat(summary.successRate().getAsDouble()).isCloseTo(1 / 3.0, within(1e-9));
            assertThat(summary.consecutiveFailures()).isEqualTo(2);
            assertThat(summary.p50Duration()).contains(Duration.ofSeconds(2));
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @Test
        @DisplayName("null or blank ids are refused with a message naming them, and nothing stored is touched")
        void badIds() {
            String jobId = newJobId();
            ExecutionRecord kept = finished(jobId, 10, ExecutionStatus.SUCCESS);
            registry.save(kept);

            assertThatThrownBy(() -> registry.save(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.findById(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("executionId");
            assertThatThrownBy(() -> registry.findById(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("executionId");
            assertThatThrownBy(() -> registry.findLatest(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("jobId");
            assertThatThrownBy(() -> registry.findPage("", HistoryQuery.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobId");
            assertThatThrownBy(() -> registry.findPage(jobId, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.deleteHistory("  ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jobId");
            assertThatThrownBy(() -> registry.findHistory(jobId, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("limit").hasMessageContaining("0");

            assertThat(registry.findHistory(jobId)).containsExactly(kept);
        }

        @Test
        @DisplayName("a record saved with a new job id under an existing execution id moves, never duplicates")
        void sameExecutionIdOtherJob() {
            String first = newJobId();
            String second = newJobId();
            ExecutionRecord original = finished(first, 10, ExecutionStatus.SUCCESS);
            registry.save(original);
            ExecutionRecord moved = ExecutionRecord.builder(original.executionId(), second, "moved",
                    original.startTime()).finished(ExecutionStatus.FAILED, original.endTime().orElseThrow()).build();
            registry.save(moved);

            assertThat(registry.findById(original.executionId())).contains(moved);
            assertThat(registry.findHistory(second)).containsExactly(moved);
            assertThat(registry.findHistory(first)).isEmpty();
            assertThat(registry.findLatest(first)).isEmpty();
        }
    }
}
