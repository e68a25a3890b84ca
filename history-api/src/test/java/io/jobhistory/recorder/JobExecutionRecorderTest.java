package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobStatistics;
import io.jobhistory.JobRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recorder over a small map-backed registry that follows the SPI rules through its base class. */
class JobExecutionRecorderTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final TestRegistry registry = new TestRegistry(clock);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private JobExecutionRecorder recorder(JobExecutionRecorder.Builder builder) {
        JobExecutionRecorder recorder = builder.build();
        toClose.add(recorder);
        return recorder;
    }

    private JobExecutionRecorder recorder() {
        return recorder(JobExecutionRecorder.builder(registry).clock(clock));
    }

    private ExecutionRecord onlyRun(String jobId) {
        List<ExecutionRecord> history = registry.findHistory(jobId);
        assertThat(history).hasSize(1);
        return history.get(0);
    }

    @Nested
    @DisplayName("status rules")
    class StatusRules {

        @Test
        @DisplayName("a job that returns normally without items is a success, with start and end times")
        void plainSuccess() {
            Runnable job = recorder().wrap(JobIdentity.of("plain", "Plain job"), () -> clock.advance(Duration.ofMillis(1_500)));
            job.run();

            ExecutionRecord run = onlyRun("plain");
            assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(run.jobName()).isEqualTo("Plain job");
            assertThat(run.duration()).contains(Duration.ofMillis(1_500));
            assertThat(run.errors()).isEmpty();
            assertThat(run.totalItems()).isZero();
            assertThat(run.heartbeatDeadline()).isEmpty();
        }

        @Test
        @DisplayName("some items failed and some succeeded: partial_success, with items and errors")
        void partial() {
            recorder().wrap(JobIdentity.of("stocks", "Daily AAPL"), context -> {
                context.succeeded("AAPL");
                context.succeeded("MSFT");
                context.failed("GOOGL", "Failed to fetch GOOGL: Connection timeout after 30s");
            }).run();

            ExecutionRecord run = onlyRun("stocks");
            assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
            assertThat(run.succeededItems()).containsExactly("AAPL", "MSFT");
            assertThat(run.failedItems()).containsExactly("GOOGL");
            assertThat(run.errors()).containsExactly("Failed to fetch GOOGL: Connection timeout after 30s");
            assertThat(run.totalItems()).isEqualTo(3);
        }

        @Test
        @DisplayName("items reported and all failed: failed")
        void allFailed() {
            recorder().wrap(JobIdentity.of("stocks", "Daily"), context -> {
                context.failed("AAPL", new IOException("Connection reset"));
                context.failed("MSFT", "Failed to fetch MSFT: HTTP 503");
            }).run();

            ExecutionRecord run = onlyRun("stocks");
            assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.errors()).containsExactly("java.io.IOException: Connection reset",
                    "Failed to fetch MSFT: HTTP 503");
        }

        @Test
        @DisplayName("all items succeeded: success; a total set by the job is kept")
        void allSucceeded() {
            recorder().wrap(JobIdentity.of("stocks", "Daily"), context -> {
                context.totalItems(5);
                context.succeeded("AAPL");
                context.attribute("source", "simulated");
            }).run();

            ExecutionRecord run = onlyRun("stocks");
            assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(run.totalItems()).isEqualTo(5);
            assertThat(run.attributes()).containsEntry("source", "simulated");
        }

        @Test
        @DisplayName("the job threw: failed, with its type, message and a stack trace; the exception passes through")
        void threw() {
            IllegalStateException boom = new IllegalStateException("market closed");
            Runnable job = recorder().wrap(JobIdentity.of("thrower", "Thrower"), context -> {
                context.succeeded("AAPL");
                throw boom;
            });

            assertThatThrownBy(job::run).isSameAs(boom);

            ExecutionRecord run = onlyRun("thrower");
            assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.succeededItems()).containsExactly("AAPL");
            assertThat(run.errors()).containsExactly("java.lang.IllegalStateException: market closed");
            assertThat(run.stackTrace()).hasValueSatisfying(trace -> assertThat(trace)
                    .startsWith("java.lang.IllegalStateException: market closed")
                    .contains("JobExecutionRecorderTest"));
        }

        @Test
        @DisplayName("errors pass through unchanged too, even with SUPPRESS")
        void errorsPassThrough() {
            AssertionError error = new AssertionError("bug");
            Runnable job = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .failureHandling(FailureHandling.SUPPRESS)).wrap(JobIdentity.of("err", "Err"), (Runnable) () -> {
                        throw error;
                    });

            assertThatThrownBy(job::run).isSameAs(error);
            assertThat(onlyRun("err").status()).isEqualTo(ExecutionStatus.FAILED);
        }

        @Test
        @DisplayName("a Callable's result and checked exception pass through")
        void callable() throws Exception {
            JobExecutionRecorder recorder = recorder();
            Callable<Integer> ok = recorder.wrapCallable(JobIdentity.of("calls", "Calls"), () -> 42);
            IOException io = new IOException("disk full");
            Callable<Integer> bad = recorder.wrapCallable(JobIdentity.of("calls", "Calls"), () -> {
                throw io;
            });

            assertThat(ok.call()).isEqualTo(42);
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(bad::call).isSameAs(io);

            List<ExecutionRecord> history = registry.findHistory("calls");
            assertThat(history).extracting(ExecutionRecord::status)
                    .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.SUCCESS);
            assertThat(history.get(0).errors()).containsExactly("java.io.IOException: disk full");
        }

        @Test
        @DisplayName("reporting after the run ended is refused")
        void lateReport() {
            AtomicInteger calls = new AtomicInteger();
            RunContext[] leaked = new RunContext[1];
            recorder().wrap(JobIdentity.of("late", "Late"), context -> {
                leaked[0] = context;
                calls.incrementAndGet();
            }).run();

            assertThatThrownBy(() -> leaked[0].succeeded("x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already finished").hasMessageContaining("late");
            assertThat(onlyRun("late").succeededItems()).isEmpty();
        }
    }

    @Nested
    @DisplayName("records in flight")
    class InFlight {

        @Test
        @DisplayName("a run is visible as running while it runs, then replaced by its outcome")
        void runningThenFinished() {
            Optional<ExecutionRecord>[] seenInside = new Optional[1];
            recorder().wrap(JobIdentity.of("visible", "Visible"), context -> seenInside[0] = registry.findLatest("visible")).run();

            assertThat(seenInside[0]).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(ExecutionStatus.RUNNING);
                assertThat(r.endTime()).isEmpty();
                assertThat(r.heartbeatDeadline()).contains(r.startTime().plus(Duration.ofSeconds(90)));
            });
            ExecutionRecord finished = onlyRun("visible");
            assertThat(finished.executionId()).isEqualTo(seenInside[0].orElseThrow().executionId());
            assertThat(finished.status()).isEqualTo(ExecutionStatus.SUCCESS);
        }

        @Test
        @DisplayName("every run gets its own id, from the injected generator")
        void ids() {
            AtomicInteger next = new AtomicInteger();
            Runnable job = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .idGenerator(() -> "run-" + next.incrementAndGet())).wrap(JobIdentity.of("ids", "Ids"), () -> clock.advance(Duration.ofSeconds(1)));
            job.run();
            job.run();

            assertThat(registry.findHistory("ids")).extracting(ExecutionRecord::executionId)
                    .containsExactly("run-2", "run-1");
        }

        @Test
        @DisplayName("default ids are unique, also across generators")
        void defaultIds() {
            Set<String> ids = new java.util.HashSet<>();
            for (int g = 0; g < 10; g++) {
                var generator = ExecutionIds.uuids();
                for (int i = 0; i < 1_000; i++) {
                    ids.add(generator.get());
                }
            }
            assertThat(ids).hasSize(10_000);
            var shared = ExecutionIds.uuids();
            Set<String> fromThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        fromThreads.add(shared.get());
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            assertThat(fromThreads).hasSize(12_000);
            assertThat(ids).allSatisfy(id -> {
                java.util.UUID uuid = java.util.UUID.fromString(id);
                assertThat(uuid.toString()).isEqualTo(id); // the canonical form: 36 lower-case characters
                assertThat(uuid.version()).isEqualTo(4);
                assertThat(uuid.variant()).isEqualTo(2);
            });
        }
    }

    @Nested
    @DisplayName("limits")
    class Limits {

        @Test
        @DisplayName("oversized items, errors and messages are truncated with markers, and the run is recorded")
        void truncation() {
            RecordLimits limits = RecordLimits.builder().maxItems(3).maxErrors(2).maxErrorLength(10).build();
            recorder(JobExecutionRecorder.builder(registry).clock(clock).limits(limits)).wrap(JobIdentity.of("big", "Big"), context -> {
                for (int i = 0; i < 5; i++) {
                    context.succeeded("ok-" + i);
                }
                for (int i = 0; i < 4; i++) {
                    context.failed("bad-" + i, "error number " + i);
                }
            }).run();

            ExecutionRecord run = onlyRun("big");
            assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
            assertThat(run.succeededItems()).containsExactly("ok-0", "ok-1", "... 3 more items not recorded");
            assertThat(run.failedItems()).containsExactly("bad-0", "bad-1", "... 2 more items not recorded");
            assertThat(run.errors()).containsExactly("error numb... [4 more characters]",
                    "... 3 more errors not recorded");
            assertThat(run.totalItems()).isEqualTo(9);
        }

        @Test
        @DisplayName("a message is never cut inside a surrogate pair, and recorder attributes keep their order")
        void surrogatesAndAttributeOrder() {
            RecordLimits limits = RecordLimits.builder().maxErrorLength(3).build();
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry).clock(clock).limits(limits)
                    .attribute("zone", "eu").attribute("app", "stocks").attribute("host", "worker-1"));
            recorder.wrap(JobIdentity.of("emoji", "Emoji"), context -> context.error("ab\uD83D\uDE42cd")).run();

            ExecutionRecord run = onlyRun("emoji");
            assertThat(run.errors()).containsExactly("ab... [4 more characters]");
            assertThat(run.attributes().keySet()).containsExactly("zone", "app", "host", ExecutionRecord.NODE_ATTRIBUTE);
        }

        @Test
        @DisplayName("the job's own exception is kept even when the errors are full, and the stack trace is bounded")
        void exceptionKept() {
            RecordLimits limits = RecordLimits.builder().maxErrors(2).maxStackTraceLines(3).build();
            Runnable job = recorder(JobExecutionRecorder.builder(registry).clock(clock).limits(limits)
                    .failureHandling(FailureHandling.SUPPRESS)).wrap(JobIdentity.of("full", "Full"), context -> {
                        for (int i = 0; i < 5; i++) {
                            context.error("e" + i);
                        }
                        throw new IllegalArgumentException("the cause", new IOException("root"));
                    });
            job.run();

            ExecutionRecord run = onlyRun("full");
            assertThat(run.errors()).containsExactly("... 5 more errors not recorded",
                    "java.lang.IllegalArgumentException: the cause");
            String[] lines = run.stackTrace().orElseThrow().split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[2]).matches("\\t\\.\\.\\. \\d+ more lines");
        }

        @Test
        @DisplayName("limits and recorder settings refuse bad values with clear messages")
        void badSettings() {
            assertThatThrownBy(() -> RecordLimits.builder().maxItems(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxItems must be at least 1, but was 0");
            assertThatThrownBy(() -> JobExecutionRecorder.builder(registry).heartbeatInterval(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
            assertThatThrownBy(() -> WriteBehind.builder().capacity(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be at least 1, but was 0");
            JobExecutionRecorder recorder = recorder();
            assertThatThrownBy(() -> recorder.wrap(JobIdentity.of(" ", "n"), () -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("jobId must not be blank, but was ' '");
            assertThatThrownBy(() -> recorder.wrap(JobIdentity.of("id", null), () -> { })).isInstanceOf(NullPointerException.class)
                    .hasMessage("name of job 'id' must not be null");
            assertThatThrownBy(() -> recorder.wrap(JobIdentity.of("id", "n"), (Runnable) null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("job");
        }
    }

    @Nested
    @DisplayName("storage failures never break the job")
    class StorageFailures {

        @Test
        @DisplayName("a registry that throws: the job runs, its outcome is unchanged, failures are counted and heard")
        void throwingRegistry() {
            List<Throwable> heard = new CopyOnWriteArrayList<>();
            ExecutionHistoryRegistry broken = new FailingRegistry(registry, () -> {
                throw new IllegalStateException("Redis is down");
            });
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(broken).clock(clock)
                    .listener(new RunListener() {
                        @Override
                        public void onStorageFailure(ExecutionRecord record, Throwable failure) {
                            heard.add(failure);
                        }
                    }));
            AtomicInteger ran = new AtomicInteger();

            recorder.wrap(JobIdentity.of("j", "J"), ran::incrementAndGet).run();
            RuntimeException boom = new RuntimeException("job failure");
            assertThatThrownBy(() -> recorder.wrap(JobIdentity.of("j", "J"), (Runnable) () -> {
                throw boom;
            }).run()).isSameAs(boom);

            assertThat(ran).hasValue(1);
            assertThat(recorder.failureCount()).isEqualTo(4);
            assertThat(heard).hasSize(4).allMatch(t -> t.getMessage().equals("Redis is down"));
        }

        @Test
        @DisplayName("a registry that hangs: with write-behind the job completes, and close() reports what is left")
        void hangingRegistry() throws Exception {
            CountDownLatch never = new CountDownLatch(1);
            List<ExecutionRecord> unstored = new CopyOnWriteArrayList<>();
            ExecutionHistoryRegistry hanging = new FailingRegistry(registry, () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(hanging).clock(clock)
                    .writeBehind(WriteBehind.builder().closeTimeout(Duration.ofMillis(100)).build())
                    .listener(new RunListener() {
                        @Override
                        public void onStorageFailure(ExecutionRecord record, Throwable failure) {
                            unstored.add(record);
                        }
                    }));
            AtomicInteger ran = new AtomicInteger();

            Thread job = new Thread(recorder.wrap(JobIdentity.of("hang", "Hang"), ran::incrementAndGet));
            job.start();
            job.join(10_000);

            assertThat(job.isAlive()).as("job still blocked by the registry").isFalse();
            assertThat(ran).hasValue(1);
            recorder.close();
            assertThat(unstored).as("left unstored at close").extracting(ExecutionRecord::status)
                    .contains(ExecutionStatus.SUCCESS);
            assertThat(recorder.failureCount()).isEqualTo(unstored.size());
            never.countDown();
        }

        @Test
        @DisplayName("a registry that recovers records again without a restart")
        void recovers() {
            boolean[] down = {true};
            ExecutionHistoryRegistry flaky = new FailingRegistry(registry, () -> {
                if (down[0]) {
                    throw new IllegalStateException("down");
                }
            });
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(flaky).clock(clock));
            recorder.wrap(JobIdentity.of("flaky", "Flaky"), () -> { }).run();
            down[0] = false;
            clock.advance(Duration.ofSeconds(1));
            recorder.wrap(JobIdentity.of("flaky", "Flaky"), () -> { }).run();

            assertThat(registry.findHistory("flaky")).hasSize(1);
            assertThat(recorder.failureCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("a listener that throws breaks neither the job nor the other listeners")
        void throwingListener() {
            List<String> events = new CopyOnWriteArrayList<>();
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .listener(new RunListener() {
                        @Override
                        public void onStart(ExecutionRecord running) {
                            throw new IllegalStateException("listener bug");
                        }

                        @Override
                        public void onFinish(ExecutionRecord finished) {
                            throw new IllegalStateException("listener bug");
                        }
                    })
                    .listener(new RunListener() {
                        @Override
                        public void onStart(ExecutionRecord running) {
                            events.add("start " + running.status());
                        }

                        @Override
                        public void onFinish(ExecutionRecord finished) {
                            events.add("finish " + finished.status());
                        }
                    }));

            recorder.wrap(JobIdentity.of("listened", "Listened"), () -> { }).run();

            assertThat(events).containsExactly("start running", "finish success");
            assertThat(onlyRun("listened").status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(recorder.failureCount()).isZero();
        }

        @Test
        @DisplayName("a listener that throws an Error breaks neither the job nor the record, and leaves no heartbeat")
        void listenerError() {
            AtomicInteger ran = new AtomicInteger();
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .listener(new RunListener() {
                        @Override
                        public void onStart(ExecutionRecord running) {
                            throw new AssertionError("listener bug on start");
                        }

                        @Override
                        public void onFinish(ExecutionRecord finished) {
                            throw new NoClassDefFoundError("listener bug on finish");
                        }
                    }));

            recorder.wrap(JobIdentity.of("erring", "Erring"), ran::incrementAndGet).run();

            assertThat(ran).hasValue(1);
            assertThat(onlyRun("erring").status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(recorder.failureCount()).isZero();
        }

        @Test
        @DisplayName("an id generator that fails lets the job run unrecorded")
        void brokenIdGenerator() {
            AtomicInteger ran = new AtomicInteger();
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .idGenerator(() -> " "));
            recorder.wrap(JobIdentity.of("noid", "No id"), context -> {
                context.succeeded("x");
                ran.incrementAndGet();
            }).run();

            assertThat(ran).hasValue(1);
            assertThat(registry.findHistory("noid")).isEmpty();
            assertThat(recorder.failureCount()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("periodic schedules")
    class Schedules {

        @Test
        @DisplayName("with PROPAGATE a throwing periodic task stops its schedule; with SUPPRESS it keeps running")
        void scheduledExecutorService() throws Exception {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            toClose.add(scheduler::shutdownNow);
            for (FailureHandling handling : FailureHandling.values()) {
                AtomicInteger runs = new AtomicInteger();
                JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry)
                        .failureHandling(handling));
                String jobId = "periodic-" + handling;
                Runnable job = recorder.wrap(JobIdentity.of(jobId, "Periodic"), (Runnable) () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("always fails");
                });
                ScheduledFuture<?> future = scheduler.scheduleWithFixedDelay(job, 0, 5, TimeUnit.MILLISECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline && (handling == FailureHandling.PROPAGATE
                        ? !future.isDone() : registry.findHistory(jobId, 100, ExecutionStatus.FAILED).size() < 3)) {
                    Thread.sleep(5);
                }
                future.cancel(false);
                if (handling == FailureHandling.PROPAGATE) {
                    assertThat(runs).hasValue(1);
                    assertThat(registry.findHistory(jobId)).hasSize(1);
                } else {
                    assertThat(runs.get()).isGreaterThanOrEqualTo(3);
                    assertThat(registry.findHistory(jobId, 100, ExecutionStatus.FAILED)).hasSizeGreaterThanOrEqualTo(3);
                }
            }
        }
    }

    @Nested
    @DisplayName("heartbeats and abandoned runs")
    class Heartbeats {

        @Test
        @DisplayName("a slow but alive job is renewed and never reads as abandoned")
        void slowButAlive() throws Exception {
            Duration interval = Duration.ofMillis(50);
            JobExecutionRecorder recorder = recorder(JobExecutionRecorder.builder(registry).clock(clock)
                    .heartbeatInterval(interval));
            CountDownLatch reported = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread job = new Thread(recorder.wrap(JobIdentity.of("slow", "Slow"), context -> {
                context.succeeded("first");
                reported.countDown();
                await(release);
            }));
            job.start();
            await(reported);

            for (int i = 0; i < 10; i++) {
                ExecutionRecord before = awaitRunning("slow");
                clock.advance(interval.multipliedBy(2)); // within the deadline of 3 intervals
                ExecutionRecord renewed = awaitRenewal("slow", before);
                assertThat(renewed.status()).isEqualTo(ExecutionStatus.RUNNING);
                assertThat(renewed.succeededItems()).containsExactly("first");
            }
            release.countDown();
            job.join(10_000);

            assertThat(onlyRun("slow").status()).isEqualTo(ExecutionStatus.SUCCESS);
        }

        @Test
        @DisplayName("when heartbeats stop (the process died) the run reads as abandoned, until it finishes after all")
        void dies() throws Exception {
            Duration interval = Duration.ofMillis(50);
            JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(clock)
                    .heartbeatInterval(interval).build();
            CountDownLatch release = new CountDownLatch(1);
            Thread job = new Thread(recorder.wrap(JobIdentity.of("dies", "Dies"), context -> await(release)));
            job.start();
            awaitRunning("dies");

            recorder.close(); // no more heartbeats: as if the process had died
            clock.advance(interval.multipliedBy(3).plusMillis(1));

            assertThat(registry.findLatest("dies").map(ExecutionRecord::status)).contains(ExecutionStatus.ABANDONED);
            assertThat(registry.findHistory("dies", 10, ExecutionStatus.ABANDONED)).hasSize(1);

            release.countDown();
            job.join(10_000);
            assertThat(onlyRun("dies").status()).isEqualTo(ExecutionStatus.SUCCESS);
        }

        private ExecutionRecord awaitRunning(String jobId) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Optional<ExecutionRecord> latest = registry.findLatest(jobId);
                if (latest.isPresent()) {
                    assertThat(latest.get().status()).isEqualTo(ExecutionStatus.RUNNING);
                    return latest.get();
                }
                Thread.sleep(2);
            }
            throw new AssertionError("no running record of " + jobId);
        }

        private ExecutionRecord awaitRenewal(String jobId, ExecutionRecord before) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                ExecutionRecord now = registry.findLatest(jobId).orElseThrow();
                assertThat(now.status()).isNotEqualTo(ExecutionStatus.ABANDONED);
                if (now.heartbeatDeadline().orElseThrow().isAfter(before.heartbeatDeadline().orElseThrow())) {
                    return now;
                }
                Thread.sleep(2);
            }
            throw new AssertionError("heartbeat of " + jobId + " not renewed");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delegates reads, and runs {@code onSave} (which may throw or block) before each save. */
    private static final class FailingRegistry implements ExecutionHistoryRegistry {
        private final ExecutionHistoryRegistry delegate;
        private final Runnable onSave;

        FailingRegistry(ExecutionHistoryRegistry delegate, Runnable onSave) {
            this.delegate = delegate;
            this.onSave = onSave;
        }

        @Override
        public void save(ExecutionRecord record) {
            onSave.run();
            delegate.save(record);
        }

        @Override
        public Optional<ExecutionRecord> findById(String executionId) {
            return delegate.findById(executionId);
        }

        @Override
        public Optional<ExecutionRecord> findLatest(String jobId) {
            return delegate.findLatest(jobId);
        }

        @Override
        public HistoryPage findPage(String jobId, HistoryQuery query) {
            return delegate.findPage(jobId, query);
        }

        @Override
        public Set<String> findJobIds() {
            return delegate.findJobIds();
        }

        @Override
        public int deleteHistory(String jobId) {
            return delegate.deleteHistory(jobId);
        }

        @Override
        public boolean deleteRun(String jobId, String executionId) {
            return delegate.deleteRun(jobId, executionId);
        }

        @Override
        public Optional<JobRecord> findJobRecord(String jobId) {
            return delegate.findJobRecord(jobId);
        }

        @Override
        public List<JobRecord> findJobRecords(Collection<String> jobIds) {
            return delegate.findJobRecords(jobIds);
        }

        @Override
        public JobStatistics findStatistics(String jobId, Instant from, Instant to, JobStatistics.Granularity granularity) {
            return delegate.findStatistics(jobId, from, to, granularity);
        }
    }
}
