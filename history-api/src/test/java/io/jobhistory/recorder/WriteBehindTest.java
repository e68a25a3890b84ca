package io.jobhistory.recorder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Write-behind mechanics over a registry that can fail transiently or permanently, or block. */
@Timeout(60)
class WriteBehindTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock clock = MutableClock.startingNow();
    private final GatedRegistry registry = new GatedRegistry(clock);
    private final List<JobExecutionRecorder> recorders = new ArrayList<>();
    private final List<ExecutionRecord> unstored = new CopyOnWriteArrayList<>();
    private final List<Throwable> unstoredWhy = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger recorderLog = (Logger) LoggerFactory.getLogger(JobExecutionRecorder.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        recorderLog.addAppender(logs);
        recorderLog.setLevel(Level.INFO);
        recorderLog.setAdditive(false);
    }

    @AfterEach
    void tearDown() {
        registry.open();
        recorders.forEach(JobExecutionRecorder::close);
        recorderLog.detachAppender(logs);
        recorderLog.setLevel(null);
        recorderLog.setAdditive(true);
    }

    private JobExecutionRecorder recorder(WriteBehind.Builder settings) {
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(clock)
                .heartbeatInterval(Duration.ZERO)
                .writeBehind(settings.build())
                .listener(new RunListener() {
                    @Override
                    public void onStorageFailure(ExecutionRecord record, Throwable failure) {
                        unstored.add(record);
                        unstoredWhy.add(failure);
                    }
                })
                .build();
        recorders.add(recorder);
        return recorder;
    }

    private static ExecutionRecord finished(String id) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return ExecutionRecord.builder(id, "job", "Job", start).finished(ExecutionStatus.SUCCESS, start).build();
    }

    private static ExecutionRecord running(String id) {
        return ExecutionRecord.builder(id, "job", "Job", Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still not true after " + WAIT + ": " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Blocks the store, then hands it record f0 and waits until the writer is stuck writing it. */
    private void blockWithF0InFlight(Consumer<ExecutionRecord> offer) throws InterruptedException {
        registry.block();
        offer.accept(finished("f0"));
        await("f0 in flight", () -> registry.waiting.get() == 1);
    }

    private WriteBehindStats stats(JobExecutionRecorder recorder) {
        return recorder.writeBehindStats().orElseThrow();
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    @DisplayName("a short run is written once, finished: its running record is replaced while queued")
    void shortRunCostsOneWrite() {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ofMinutes(1)));

        recorder.run("short", () -> { });
        assertThat(recorder.flush(WAIT)).isTrue();

        assertThat(registry.batches).hasSize(1);
        assertThat(registry.storedInOrder).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
        assertThat(stats(recorder)).satisfies(s -> {
            assertThat(s.stored()).isEqualTo(1);
            assertThat(s.coalesced()).isEqualTo(1);
            assertThat(s.queueDepth()).isZero();
        });
    }

    @Test
    @DisplayName("the writer builds a run's running record, and only if the run is still going when it gets there")
    void runningRecordOnlyForRunsStillGoing() throws Exception {
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(clock)
                .heartbeatInterval(Duration.ZERO) // no listener either: the job's thread queues only the start
                .writeBehind(WriteBehind.builder().linger(Duration.ofMinutes(1)).maxBatchSize(1).build()).build();
        recorders.add(recorder);

        RecordedRun going = recorder.start(RunStart.of(JobIdentity.of("job")).executionId("going"));
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById("going").orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        going.finish();
        assertThat(recorder.flush(WAIT)).isTrue();

        // taken by the writer with the record before it, finished before the writer got to it
        registry.block();
        recorder.record(finished("f0"));
        RecordedRun late = recorder.start(RunStart.of(JobIdentity.of("job")).executionId("late"));
        assertThat(recorder.flush(Duration.ZERO)).as("flush cuts the linger: the writer takes both").isFalse();
        await("f0 being written", () -> registry.waiting.get() == 1);
        assertThat(stats(recorder).queueDepth()).isEqualTo(2);
        late.finish();
        registry.open();
        assertThat(recorder.flush(WAIT)).isTrue();

        assertThat(registry.storedInOrder).extracting(r -> r.executionId() + " " + r.status()).containsExactly(
                "going running", "going success", "f0 success", "late success");
        assertThat(stats(recorder).queueDepth()).isZero();
    }

    @Test
    @DisplayName("a long run whose start was dropped from a full queue is stored running by a heartbeat later")
    void droppedStartIsRenewed() throws Exception {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
                    .heartbeatInterval(Duration.ofMillis(20)).heartbeatExecutor(beats)
                    .writeBehind(WriteBehind.builder().capacity(1).maxBatchSize(1).linger(Duration.ZERO).build())
                    .build();
            recorders.add(recorder);
            blockWithF0InFlight(recorder::record);
            recorder.record(finished("f1")); // fills the queue
            RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("long")).executionId("long-1"));
            assertThat(stats(recorder).dropped()).as("the start itself: it never pushes out f1").isEqualTo(1);

            registry.open();
            await("the running record stored by a heartbeat", () -> registry.findById("long-1")
                    .map(r -> r.status() == ExecutionStatus.RUNNING).orElse(false));
            run.finish();
            assertThat(recorder.flush(WAIT)).isTrue();
            assertThat(registry.findById("long-1").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(registry.findById("f1")).isPresent();
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    @DisplayName("the job's thread only queues: runs complete while the store blocks, and are all stored after")
    void jobsCompleteWhileTheStoreBlocks() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ZERO));
        registry.block();
        AtomicInteger ran = new AtomicInteger();

        recorder.run("first", ran::incrementAndGet);
        await("the writer blocked in saveAll", () -> registry.waiting.get() == 1);
        for (int i = 0; i < 50; i++) {
            recorder.run("blocked", ran::incrementAndGet);
        }
        assertThat(ran).as("every run completed while the store was blocked").hasValue(51);
        assertThat(recorder.flush(Duration.ZERO)).as("nothing stored yet").isFalse();

        registry.open();
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findHistory("blocked", 100)).hasSize(50)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
        assertThat(registry.findLatest("first").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(recorder.failureCount()).isZero();
    }

    @Test
    @DisplayName("transient failures are retried with backoff, in order, until the store is back; nothing is lost")
    void transientFailuresAreRetried() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20)));
        registry.failure = r -> new StoreException("connection refused", new ConnectException(), true);

        for (int i = 0; i < 20; i++) {
            recorder.run("outage", () -> { });
        }
        await("a few retries", () -> stats(recorder).retried() >= 3);
        assertThat(registry.storedInOrder).isEmpty();
        registry.failure = r -> null;

        assertThat(recorder.flush(WAIT)).isTrue();
        List<ExecutionRecord> history = registry.findHistory("outage", 100);
        assertThat(history).hasSize(20).allSatisfy(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
        assertThat(stats(recorder)).satisfies(s -> {
            assertThat(s.retried()).isGreaterThanOrEqualTo(3);
            assertThat(s.dropped()).isZero();
            assertThat(s.rejected()).isZero();
            assertThat(s.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("connection refused"));
        });
        assertThat(recorder.failureCount()).isZero();
        assertThat(warnings()).filteredOn(w -> w.startsWith("Could not store")).hasSize(1);
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().startsWith("Store is back")).hasSize(1);
        // in order: each run's finished record is stored after anything else of that run
        for (ExecutionRecord run : history) {
            List<ExecutionRecord> writes = registry.storedInOrder.stream()
                    .filter(r -> r.executionId().equals(run.executionId())).toList();
            assertThat(writes.get(writes.size() - 1).status()).isEqualTo(ExecutionStatus.SUCCESS);
        }
    }

    @Test
    @DisplayName("a record the store refuses permanently is counted, logged and reported; the ones behind it are stored")
    void permanentFailuresDoNotBlock() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ofMinutes(1)));
        registry.failure = r -> r.jobId().equals("poison") ? new StoreException("WRONGTYPE", null, false) : null;

        recorder.run("before", () -> { });
        recorder.run("poison", () -> { });
        recorder.run("after", () -> { });
        assertThat(recorder.flush(WAIT)).isTrue();

        assertThat(registry.findJobIds()).containsExactlyInAnyOrder("before", "after");
        assertThat(unstored).singleElement().satisfies(r -> assertThat(r.jobId()).isEqualTo("poison"));
        assertThat(unstoredWhy).singleElement().satisfies(t -> assertThat(t).hasMessage("WRONGTYPE"));
        assertThat(stats(recorder).rejected()).isEqualTo(1);
        assertThat(stats(recorder).retried()).isZero();
        assertThat(recorder.failureCount()).isEqualTo(1);
        assertThat(warnings()).filteredOn(w -> w.startsWith("The store refused execution")).singleElement()
                .satisfies(w -> assertThat(w).contains("poison", "WRONGTYPE"));
    }

    @Test
    @DisplayName("failures say whether to retry: StoreException decides, mistakes are permanent, other exceptions transient")
    void classification() {
        assertThat(StoreFailures.isTransient(new StoreException("down", null, true))).isTrue();
        assertThat(StoreFailures.isTransient(new StoreException("NOPERM", null, false))).isFalse();
        assertThat(StoreFailures.isTransient(new IllegalStateException("wrapped",
                new StoreException("NOPERM", null, false)))).isFalse();
        assertThat(StoreFailures.isTransient(new UncheckedIOException(new ConnectException()))).isTrue();
        assertThat(StoreFailures.isTransient(new IllegalStateException("pool exhausted"))).isTrue();
        assertThat(StoreFailures.isTransient(new IllegalArgumentException("bad record"))).isFalse();
        assertThat(StoreFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(StoreFailures.isTransient(new UnsupportedOperationException())).isFalse();
        assertThat(StoreFailures.isTransient(new NoClassDefFoundError("x"))).isFalse();
    }

    @Test
    @DisplayName("when full, running snapshots are dropped first, then the oldest; drops are counted and logged with how many")
    void overflowDropsRunningFirstThenOldest() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().capacity(10).maxBatchSize(1)
                .linger(Duration.ZERO));
        blockWithF0InFlight(recorder::record);
        List<RecordedRun> runs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            runs.add(recorder.start(RunStart.of(JobIdentity.of("long")).executionId("r" + i)));
        }
        for (int i = 1; i <= 10; i++) {
            recorder.record(finished("f" + i));
        }
        assertThat(unstored).extracting(ExecutionRecord::executionId).containsExactly("r1", "r2", "r3");
        for (int i = runs.size() - 1; i >= 0; i--) {
            runs.get(i).finish();
        }
        assertThat(unstored).extracting(ExecutionRecord::executionId)
                .containsExactly("r1", "r2", "r3", "f1", "f2", "f3");
        assertThat(stats(recorder).queueDepth()).as("10 queued, 1 being written").isEqualTo(11);
        assertThat(unstoredWhy).allSatisfy(t -> assertThat(t).hasMessageContaining("capacity 10"));
        assertThat(warnings()).filteredOn(w -> w.startsWith("Write-behind queue is full")).hasSize(1);

        registry.open();
        assertThat(recorder.flush(WAIT)).isTrue();
        Set<String> kept = Set.of("f0", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "r1", "r2", "r3");
        for (String id : kept) {
            assertThat(registry.findById(id)).as(id).hasValueSatisfying(r -> assertThat(r.isFinished()).isTrue());
        }
        assertThat(registry.storedInOrder).hasSize(kept.size());
        assertThat(stats(recorder).dropped()).isEqualTo(6);
        assertThat(recorder.failureCount()).isEqualTo(6);
        await("the episode's count logged", () -> warnings().stream().anyMatch(w -> w.startsWith("Write-behind dropped")));
        Matcher count = Pattern.compile("Write-behind dropped (\\d+) records while its queue was full \\(capacity 10\\)")
                .matcher(warnings().stream().filter(w -> w.startsWith("Write-behind dropped")).findFirst().orElseThrow());
        assertThat(count.matches()).isTrue();
        assertThat(Long.parseLong(count.group(1))).isEqualTo(stats(recorder).dropped());
    }

    @Test
    @DisplayName("when full of finished records, a running snapshot is dropped itself and never pushes an outcome out")
    void runningNeverPushesOutAFinishedRecord() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().capacity(3).maxBatchSize(1)
                .linger(Duration.ZERO));
        blockWithF0InFlight(recorder::record);
        for (int i = 1; i <= 3; i++) {
            recorder.record(finished("f" + i));
        }
        RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("late")).executionId("r1"));

        assertThat(unstored).extracting(ExecutionRecord::executionId).containsExactly("r1");
        registry.open();
        assertThat(recorder.flush(WAIT)).isTrue();
        run.finish();
        assertThat(recorder.flush(WAIT)).isTrue();
        for (String id : List.of("f0", "f1", "f2", "f3", "r1")) {
            assertThat(registry.findById(id)).as(id).hasValueSatisfying(r -> assertThat(r.isFinished()).isTrue());
        }
    }

    @Test
    @DisplayName("a finished record is never replaced by its running one, across retries and two recorders")
    void finishedIsNeverReplacedByRunning() throws Exception {
        JobExecutionRecorder first = recorder(WriteBehind.builder().linger(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10)));
        JobExecutionRecorder second = recorder(WriteBehind.builder().linger(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10)));
        AtomicInteger failuresLeft = new AtomicInteger(5);
        registry.failure = r -> failuresLeft.getAndDecrement() > 0 ? new StoreException("timeout", null, true) : null;

        // one recorder: a late heartbeat of a finished run is coalesced away
        first.record(finished("x"));
        first.record(running("x"));
        // two recorders: the other process's stale running record reaches the store after the finished one
        RecordedRun run = first.start(RunStart.of(JobIdentity.of("job")).executionId("y"));
        run.finish();
        assertThat(first.flush(WAIT)).isTrue();
        second.record(running("y"));
        assertThat(second.flush(WAIT)).isTrue();

        assertThat(registry.findById("x").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(registry.findById("y").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(stats(first).retried() + stats(second).retried()).isEqualTo(5);
        assertThat(stats(first).coalesced()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("heartbeats go through the queue: a long run's progress reaches the store while it runs")
    void heartbeatsAreQueued() throws Exception {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try {
            JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
                    .heartbeatInterval(Duration.ofMillis(20)).heartbeatExecutor(beats)
                    .writeBehind(WriteBehind.builder().linger(Duration.ZERO).build()).build();
            recorders.add(recorder);
            recorder.run(JobIdentity.of("long"), context -> {
                context.succeeded("a");
                try {
                    await("the progress stored by a heartbeat", () -> registry.findLatest("long")
                            .map(r -> r.status() == ExecutionStatus.RUNNING && r.succeededItems().contains("a"))
                            .orElse(false));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(recorder.flush(WAIT)).isTrue();
            assertThat(registry.findLatest("long").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    @DisplayName("flush waits for what was queued before it; close with the store down returns and reports what it left")
    void flushAndClose() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ZERO)
                .closeTimeout(Duration.ofMillis(200)));
        for (int i = 0; i < 5; i++) {
            recorder.run("stored", () -> { });
        }
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findHistory("stored")).hasSize(5)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));

        registry.failure = r -> new StoreException("connection refused", null, true);
        recorder.run("lost", () -> { });
        recorder.run("lost", () -> { });
        assertThat(recorder.flush(Duration.ofMillis(50))).isFalse();

        recorder.close();

        assertThat(unstored).extracting(ExecutionRecord::jobId).containsOnly("lost");
        assertThat(unstored).filteredOn(ExecutionRecord::isFinished).hasSize(2);
        assertThat(recorder.failureCount()).isEqualTo(unstored.size());
        assertThat(stats(recorder).rejected()).isEqualTo(unstored.size());
        assertThat(warnings()).filteredOn(w -> w.startsWith("Write-behind closed after PT0.2S with "
                + unstored.size() + " records not stored")).singleElement()
                .satisfies(w -> assertThat(w).contains("connection refused", "lost"));

        // after close, runs are saved on their own thread again
        registry.failure = r -> null;
        recorder.run("late", () -> { });
        assertThat(registry.findLatest("late")).hasValueSatisfying(r -> assertThat(r.isFinished()).isTrue());
    }

    @Test
    @DisplayName("job threads racing the writer: every run stored once finished, never running after finished")
    @Timeout(60)
    void manyThreadsRaceTheWriter() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ZERO).maxBatchSize(7));
        int threads = 4;
        int runsEach = 2_000;
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            jobs.add(new Thread(() -> {
                for (int i = 0; i < runsEach; i++) {
                    int n = i;
                    recorder.run(JobIdentity.of("race"), context -> {
                        ids.add(context.executionId());
                        if (n % 100 == 0) {
                            LockSupport.parkNanos(2_000_000); // long enough for the writer to store it running
                        }
                    });
                }
            }));
        }
        jobs.forEach(Thread::start);
        for (Thread job : jobs) {
            job.join();
        }
        assertThat(recorder.flush(WAIT)).isTrue();

        assertThat(ids).hasSize(threads * runsEach);
        Map<String, List<ExecutionStatus>> writes = new HashMap<>();
        for (ExecutionRecord r : registry.storedInOrder) {
            writes.computeIfAbsent(r.executionId(), k -> new ArrayList<>()).add(r.status());
        }
        assertThat(writes.keySet()).isEqualTo(ids);
        assertThat(writes.values()).allSatisfy(statuses -> assertThat(statuses)
                .as("each run written once finished, at most once running before that")
                .isIn(List.of(ExecutionStatus.SUCCESS), List.of(ExecutionStatus.RUNNING, ExecutionStatus.SUCCESS)));
        assertThat(writes.values()).as("slow runs were stored running while they ran")
                .anySatisfy(statuses -> assertThat(statuses).hasSize(2));
        assertThat(stats(recorder).dropped()).isZero();
        assertThat(stats(recorder).queueDepth()).isZero();
        assertThat(stats(recorder).stored()).isEqualTo(registry.storedInOrder.size());
        assertThat(unstored).isEmpty();
    }

    @Test
    @DisplayName("close() while job threads record: every run ends up stored, finished, none left running")
    @Timeout(60)
    void closeWhileRecording() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().linger(Duration.ZERO).maxBatchSize(20));
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger started = new AtomicInteger();
        List<Thread> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            jobs.add(new Thread(() -> {
                // runs before, during and after close(): from then on, each is saved on its own thread
                for (int i = 0; i < 500; i++) {
                    recorder.run(JobIdentity.of("closing"), context -> {
                        ids.add(context.executionId());
                        started.incrementAndGet();
                        LockSupport.parkNanos(50_000);
                    });
                }
            }));
        }
        jobs.forEach(Thread::start);
        await("runs recorded before close", () -> started.get() > 200);
        int beforeClose = started.get();
        recorder.close();
        for (Thread job : jobs) {
            job.join();
        }

        assertThat(beforeClose).as("runs left for during and after close()").isLessThan(2_000);
        assertThat(unstored).isEmpty();
        assertThat(ids).hasSize(2_000).allSatisfy(id -> assertThat(registry.findById(id)).as(id)
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS)));
        assertThat(recorder.failureCount()).isZero();
    }

    @Test
    @DisplayName("when full, a start never pushes out a finished record, not even behind starts that finished queued")
    void startNeverPushesOutAFinishedStart() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().capacity(2).maxBatchSize(1)
                .linger(Duration.ZERO));
        blockWithF0InFlight(recorder::record);
        RecordedRun a = recorder.start(RunStart.of(JobIdentity.of("short")).executionId("a"));
        RecordedRun b = recorder.start(RunStart.of(JobIdentity.of("short")).executionId("b"));
        assertThat(recorder.flush(Duration.ZERO)).isFalse(); // moves both starts into the queue
        a.finish(); // each finished record takes its start's place, which stays in the queue's running list
        b.finish();
        RecordedRun late = recorder.start(RunStart.of(JobIdentity.of("long")).executionId("late"));

        assertThat(unstored).extracting(r -> r.executionId() + " " + r.status()).containsExactly("late running");
        registry.open();
        assertThat(recorder.flush(WAIT)).isTrue();
        late.finish();
        assertThat(recorder.flush(WAIT)).isTrue();
        for (String id : List.of("f0", "a", "b", "late")) {
            assertThat(registry.findById(id)).as(id).hasValueSatisfying(r -> assertThat(r.isFinished()).isTrue());
        }
    }

    @Test
    @DisplayName("a run that finishes while the writer takes its start is stored by the flush that follows")
    void flushDoesNotMissARunFinishingAsTheWriterTakesIt() throws Exception {
        CountDownLatch inFinish = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger armed = new AtomicInteger();
        Clock pausing = new Clock() { // pauses the finishing thread after the run is marked finished, before it saves
            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }

            @Override
            public long millis() {
                if (armed.get() == 1 && Thread.currentThread().getName().equals("finisher")) {
                    inFinish.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return clock.millis();
            }
        };
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(pausing)
                .heartbeatInterval(Duration.ZERO)
                .writeBehind(WriteBehind.builder().linger(Duration.ofMinutes(1)).build()).build();
        recorders.add(recorder);
        RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("job")).executionId("r1"));
        armed.set(1);
        Thread finisher = new Thread(run::finish, "finisher");
        finisher.start();
        inFinish.await();

        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById("r1")).as("started before the flush").isPresent();
        release.countDown();
        finisher.join();
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById("r1").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    @DisplayName("a heartbeat executor that refuses work neither stops the writer nor loses a record")
    void refusedHeartbeatsDoNotStopTheWriter() throws Exception {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        beats.shutdown();
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(clock)
                .heartbeatInterval(Duration.ofSeconds(1)).heartbeatExecutor(beats)
                .writeBehind(WriteBehind.builder().linger(Duration.ZERO).build()).build();
        recorders.add(recorder);
        recorder.record(finished("f0"));
        RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("job")).executionId("r1"));
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById("r1").orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        run.finish();
        recorder.run("after", () -> { });
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(registry.findById("f0")).isPresent();
        assertThat(registry.findById("r1").orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(registry.findLatest("after")).isPresent();
        assertThat(warnings()).anyMatch(w -> w.startsWith("Could not schedule heartbeats for execution r1"));
    }

    @Test
    @DisplayName("a start whose running record cannot be built: close() still reports the rest, drops still warn")
    void unbuildableStart() throws Exception {
        LazyRecordThatFails failing = new LazyRecordThatFails();
        WriteBehindQueue queue = new WriteBehindQueue(registry, WriteBehind.builder().capacity(1).maxBatchSize(1)
                .linger(Duration.ZERO).closeTimeout(Duration.ofMillis(200)).build(),
                new Listeners(List.of(new RunListener() {
                    @Override
                    public void onStorageFailure(ExecutionRecord record, Throwable failure) {
                        unstored.add(record);
                    }
                })));
        blockWithF0InFlight(queue::offer);
        queue.offer(finished("f1")); // fills the queue
        assertThat(queue.offerStart(failing)).isNotNull(); // dropped itself, first of the episode, unbuildable
        assertThat(warnings()).filteredOn(w -> w.startsWith("Write-behind queue is full")).hasSize(1);

        assertThatCode(queue::close).doesNotThrowAnyException();
        assertThat(unstored).extracting(ExecutionRecord::executionId).containsExactly("f0", "f1");
        assertThat(queue.failures()).isEqualTo(3); // the dropped start, and f0 and f1 not stored
    }

    /** A run whose running record cannot be built. */
    private static final class LazyRecordThatFails implements WriteBehindQueue.LazyRecord {
        @Override
        public String executionId() {
            return "unbuildable";
        }

        @Override
        public ExecutionRecord snapshot(boolean renew) {
            throw new IllegalStateException("boom");
        }

        @Override
        public void renewFromNow() {
        }

        @Override
        public boolean isFinished() {
            return false;
        }
    }

    @Test
    @DisplayName("settings refuse bad values with clear messages; a synchronous recorder has no stats and flushes at once")
    void settings() {
        assertThatThrownBy(() -> WriteBehind.builder().maxBatchSize(0)).hasMessage("maxBatchSize must be at least 1, but was 0");
        assertThatThrownBy(() -> WriteBehind.builder().linger(Duration.ofMillis(-1)))
                .hasMessage("linger must be zero or positive, but was PT-0.001S");
        assertThatThrownBy(() -> WriteBehind.builder().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("retryBackoff max PT1S must not be less than first PT2S");
        assertThatThrownBy(() -> WriteBehind.builder().retryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("retryBackoff first must be positive, but was PT0S");
        assertThat(WriteBehind.defaults().capacity()).isEqualTo(WriteBehind.DEFAULT_CAPACITY);
        JobExecutionRecorder synchronous = JobExecutionRecorder.create(registry);
        assertThat(synchronous.writeBehindStats()).isEmpty();
        assertThat(synchronous.flush(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> synchronous.flush(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
