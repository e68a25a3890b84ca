package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs that say they did not happen ({@link RunContext#notRun}), the node attribute, and skips across instances. */
@Timeout(60)
class NotRunTest {

    private static final JobIdentity JOB = JobIdentity.of("report");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock clock = MutableClock.startingNow();
    private final GatedRegistry registry = new GatedRegistry(clock);
    private final List<JobExecutionRecorder> recorders = new ArrayList<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        registry.open();
        recorders.forEach(JobExecutionRecorder::close);
        threads.shutdownNow();
    }

    private JobExecutionRecorder.Builder builder() {
        return JobExecutionRecorder.builder(registry).clock(clock).listener(new RunListener() {
            @Override
            public void onFinish(ExecutionRecord finished) {
                heard.add("finish " + finished.status());
            }

            @Override
            public void onNotRun(ExecutionRecord run, String reason) {
                heard.add("not run " + run.executionId() + ": " + reason);
            }
        });
    }

    private JobExecutionRecorder recorder(JobExecutionRecorder.Builder builder) {
        JobExecutionRecorder recorder = builder.build();
        recorders.add(recorder);
        return recorder;
    }

    private static void declined() {
        RunContext.current().orElseThrow().notRun("lock held by another instance");
    }

    @Test
    void aRunThatDidNotHappenLeavesNoRecordAndIsCounted() {
        JobExecutionRecorder recorder = recorder(builder());
        recorder.run(JOB, () -> { });
        ExecutionRecord before = registry.findLatest("report").orElseThrow();
        List<String> ids = new ArrayList<>();

        recorder.run(JOB, () -> {
            ids.add(RunContext.current().orElseThrow().executionId());
            assertThat(registry.findById(ids.get(0))).as("its running record, saved as it started").isPresent();
            declined();
        });

        assertThat(registry.findById(ids.get(0))).isEmpty();
        assertThat(registry.findHistory("report")).containsExactly(before);
        assertThat(registry.deleted).containsExactly(ids.get(0));
        assertThat(recorder.notRunCount("report")).isEqualTo(1);
        assertThat(recorder.notRunCounts()).containsEntry("report", 1L);
        assertThat(recorder.notRunCount("other")).isZero();
        assertThat(heard).containsExactly("finish success",
                "not run " + ids.get(0) + ": lock held by another instance");
        assertThat(RunContext.current()).isEmpty();
    }

    @Test
    void aJobThatThrowsAfterSayingItDidNotRunIsRecordedAsFailed() {
        JobExecutionRecorder recorder = recorder(builder());

        assertThatThrownBy(() -> recorder.run(JOB, () -> {
            declined();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(registry.findLatest("report").orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(recorder.notRunCount("report")).isZero();
    }

    @Test
    void aBlankReasonOrALateCallIsRefused() {
        JobExecutionRecorder recorder = recorder(builder());
        List<RunContext> contexts = new ArrayList<>();
        recorder.run(JOB, () -> {
            RunContext context = RunContext.current().orElseThrow();
            contexts.add(context);
            assertThatThrownBy(() -> context.notRun(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reason").hasMessageContaining("report");
            assertThatThrownBy(() -> context.notRun(null)).isInstanceOf(IllegalArgumentException.class);
        });

        assertThatThrownBy(() -> contexts.get(0).notRun("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already finished");
        assertThat(registry.findLatest("report").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void recordedAsSkippedTheyCoalesceAndARealRunSplitsThem() {
        JobExecutionRecorder recorder = recorder(builder().notRunHandling(NotRunHandling.RECORD_SKIPPED));

        recorder.run(JOB, NotRunTest::declined);
        clock.advance(Duration.ofMinutes(1));
        recorder.run(JOB, NotRunTest::declined);
        ExecutionRecord skip = registry.findLatest("report").orElseThrow();

        assertThat(registry.findHistory("report")).containsExactly(skip);
        assertThat(skip.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(skip.skipCount()).isEqualTo(2);
        assertThat(skip.errors()).containsExactly("lock held by another instance");
        assertThat(skip.lastDueTime()).contains(skip.startTime().plus(Duration.ofMinutes(1)));
        assertThat(recorder.notRunCount("report")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        recorder.run(JOB, () -> { });
        clock.advance(Duration.ofMinutes(1));
        recorder.run(JOB, NotRunTest::declined);

        assertThat(registry.findHistory("report")).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.SKIPPED, ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
    }

    @Test
    void aRunThatDidNotHappenDoesNotBreakAStreakOfSkips() {
        JobExecutionRecorder recorder = recorder(builder());
        Instant due = clock.instant();
        recorder.skipped(JOB, due, "vetoed");
        clock.advance(Duration.ofMinutes(1));
        recorder.run(JOB, NotRunTest::declined);
        recorder.skipped(JOB, due.plus(Duration.ofMinutes(2)), "vetoed");

        assertThat(registry.findHistory("report")).singleElement()
                .satisfies(skip -> assertThat(skip.skipCount()).isEqualTo(2));
    }

    @Test
    void withWriteBehindAStartNotYetWrittenIsWithdrawn() {
        JobExecutionRecorder recorder = recorder(builder()
                .writeBehind(WriteBehind.builder().linger(Duration.ofMinutes(1)).build()));

        recorder.run(JOB, NotRunTest::declined);

        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.storedInOrder).isEmpty();
        assertThat(registry.deleted).isEmpty();
        assertThat(recorder.notRunCount("report")).isEqualTo(1);
    }

    @Test
    void withWriteBehindAWrittenStartIsDeletedAfterItsSaves() throws Exception {
        JobExecutionRecorder recorder = recorder(builder()
                .writeBehind(WriteBehind.builder().linger(Duration.ZERO).build()));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch decide = new CountDownLatch(1);
        List<String> ids = new CopyOnWriteArrayList<>();
        Future<?> run = threads.submit(() -> recorder.run(JOB, () -> {
            ids.add(RunContext.current().orElseThrow().executionId());
            started.countDown();
            await(decide);
            declined();
        }));
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById(ids.get(0))).as("the running record, written").isPresent();

        registry.block(); // the deletion waits behind the gate, as a save would in an outage
        decide.countDown();
        run.get(20, TimeUnit.SECONDS);
        assertThat(registry.findById(ids.get(0))).as("not deleted on the job's thread").isPresent();
        registry.open();

        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById(ids.get(0))).isEmpty();
        assertThat(registry.deleted).containsExactly(ids.get(0));
        assertThat(recorder.failureCount()).isZero();
    }

    @Test
    void recordedAsSkippedWithWriteBehindTheyCoalesceWhileTheirWrittenRunsAwaitDeletion() throws Exception {
        JobExecutionRecorder recorder = recorder(builder().notRunHandling(NotRunHandling.RECORD_SKIPPED)
                .writeBehind(WriteBehind.builder().linger(Duration.ZERO).build()));
        for (int i = 0; i < 2; i++) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch decide = new CountDownLatch(1);
            Future<?> run = threads.submit(() -> recorder.run(JOB, () -> {
                started.countDown();
                await(decide);
                registry.block(); // its deletion waits: the store's newest record is this run's running record
                declined();
            }));
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.flush(WAIT)).isTrue(); // the running record is written
            decide.countDown();
            run.get(20, TimeUnit.SECONDS);
            registry.open();
            assertThat(recorder.flush(WAIT)).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(registry.findHistory("report")).singleElement().satisfies(skip -> {
            assertThat(skip.status()).isEqualTo(ExecutionStatus.SKIPPED);
            assertThat(skip.skipCount()).isEqualTo(2);
        });
    }

    @Test
    void aRunThatDidNotHappenDoesNotHideAnotherNodesRunFromTheStoreCheck() throws Exception {
        JobExecutionRecorder nodeA = recorder(builder().node("a").notRunHandling(NotRunHandling.RECORD_SKIPPED)
                .writeBehind(WriteBehind.builder().linger(Duration.ZERO).build()));
        JobExecutionRecorder nodeB = recorder(builder().node("b"));
        ExecutionRecord firstSkip = nodeA.skipped(JOB, clock.instant(), "vetoed");
        assertThat(nodeA.flush(WAIT)).isTrue();
        clock.advance(Duration.ofMinutes(1));
        nodeB.run(JOB, () -> { });
        clock.advance(Duration.ofMinutes(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch decide = new CountDownLatch(1);
        Future<?> run = threads.submit(() -> nodeA.run(JOB, () -> {
            started.countDown();
            await(decide);
            registry.block(); // its running record stays the newest in the store while the skip is recorded
            declined();
        }));
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(nodeA.flush(WAIT)).isTrue();
        decide.countDown();
        run.get(20, TimeUnit.SECONDS);
        registry.open();
        assertThat(nodeA.flush(WAIT)).isTrue();

        assertThat(registry.findHistory("report")).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.SKIPPED, ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
        assertThat(registry.findHistory("report").get(2).executionId()).isEqualTo(firstSkip.executionId());
    }

    @Test
    void aStreakARunSetAsideStaysEndedWhenAnotherRunBeganMeanwhile() throws Exception {
        JobExecutionRecorder recorder = recorder(builder().notRunHandling(NotRunHandling.RECORD_SKIPPED));
        recorder.skipped(JOB, clock.instant(), "vetoed");
        registry.failReads = true; // the store check cannot tell: only the recorder's own bookkeeping can
        clock.advance(Duration.ofMinutes(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch decide = new CountDownLatch(1);
        Future<?> declining = threads.submit(() -> recorder.run(JOB, () -> {
            started.countDown();
            await(decide);
            declined();
        }));
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofMinutes(1));
        recorder.run(JOB, () -> { }); // a real run, overlapping
        decide.countDown();
        declining.get(20, TimeUnit.SECONDS);
        registry.failReads = false;

        assertThat(registry.findHistory("report")).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED, ExecutionStatus.SKIPPED);
    }

    @Test
    void aDeletionThatFailsIsCountedAndLeavesTheRunning() {
        JobExecutionRecorder recorder = recorder(builder());
        registry.deleteFailure = () -> new IllegalStateException("store down");
        List<String> ids = new ArrayList<>();

        recorder.run(JOB, () -> {
            ids.add(RunContext.current().orElseThrow().executionId());
            declined();
        });

        assertThat(recorder.failureCount()).isEqualTo(1);
        assertThat(registry.findById(ids.get(0)).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(recorder.notRunCount("report")).isEqualTo(1);
    }

    @Test
    void everyRecordNamesItsNode() {
        JobExecutionRecorder byHost = recorder(builder());
        JobExecutionRecorder named = recorder(builder().node("node-a"));

        byHost.run(JOB, () -> { });
        ExecutionRecord hostRun = registry.findLatest("report").orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        named.run(JOB, () -> { });
        ExecutionRecord namedRun = registry.findLatest("report").orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        named.start(RunStart.of(JOB).attribute(ExecutionRecord.NODE_ATTRIBUTE, "quartz-1")).finish();
        ExecutionRecord ownNode = registry.findLatest("report").orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        ExecutionRecord skip = named.skipped(JOB, clock.instant(), "vetoed");

        assertThat(hostRun.node()).contains(Nodes.hostName());
        assertThat(hostRun.node().orElseThrow()).isNotBlank();
        assertThat(namedRun.node()).contains("node-a");
        assertThat(ownNode.node()).contains("quartz-1");
        assertThat(skip.node()).contains("node-a");
        clock.advance(Duration.ofSeconds(1));
        named.run(JOB, () -> { });
        ExecutionRecord ownSkip = named.skipped(JOB, clock.instant(), clock.instant(), 1, "vetoed",
                java.util.Map.of(ExecutionRecord.NODE_ATTRIBUTE, "quartz-2", "trigger", "t1"));
        assertThat(ownSkip.node()).contains("quartz-2");
        assertThat(ownSkip.attributes()).containsEntry("trigger", "t1");
        assertThatThrownBy(() -> builder().node(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node");
    }

    @Test
    void skipsOfOneNodeDoNotMergeAcrossARunOfAnother() {
        JobExecutionRecorder nodeA = recorder(builder().node("a"));
        JobExecutionRecorder nodeB = recorder(builder().node("b"));

        ExecutionRecord firstVeto = nodeA.skipped(JOB, clock.instant(), "vetoed");
        clock.advance(Duration.ofMinutes(1));
        nodeB.run(JOB, () -> { });
        clock.advance(Duration.ofMinutes(1));
        ExecutionRecord secondVeto = nodeA.skipped(JOB, clock.instant(), "vetoed");

        assertThat(secondVeto.executionId()).isNotEqualTo(firstVeto.executionId());
        assertThat(registry.findHistory("report")).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.SKIPPED, ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
        assertThat(registry.findLatest("report")).contains(secondVeto);

        clock.advance(Duration.ofMinutes(1));
        ExecutionRecord thirdVeto = nodeA.skipped(JOB, clock.instant(), "vetoed");
        assertThat(thirdVeto.executionId()).as("still the latest: coalesced").isEqualTo(secondVeto.executionId());
        assertThat(thirdVeto.skipCount()).isEqualTo(2);
    }

    @Test
    void skipsCoalesceAsTheRecorderKnowsThemWhenTheStoreCannotBeRead() {
        JobExecutionRecorder recorder = recorder(builder());

        ExecutionRecord first = recorder.skipped(JOB, clock.instant(), "vetoed");
        registry.failReads = true;
        clock.advance(Duration.ofMinutes(1));
        ExecutionRecord second = recorder.skipped(JOB, clock.instant(), "vetoed");

        assertThat(second.executionId()).isEqualTo(first.executionId());
        assertThat(second.skipCount()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
