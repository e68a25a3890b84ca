package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run-now forms, the current context and MDC, two-event runs, skips and records built elsewhere. */
class RunNowAndContextTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final TestRegistry registry = new TestRegistry(clock);
    private final JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).clock(clock).build();

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void runRecordsAtOnceWithTheIdAsName() {
        recorder.run("cleanup", () -> clock.advance(Duration.ofSeconds(2)));

        ExecutionRecord run = registry.findLatest("cleanup").orElseThrow();
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(run.jobName()).isEqualTo("cleanup");
        assertThat(run.duration()).contains(Duration.ofSeconds(2));
    }

    @Test
    void runWithItemsAndANamedJob() {
        recorder.run(JobIdentity.of("daily-aapl", "Daily AAPL"), context -> {
            context.succeeded("AAPL");
            context.failed("GOOGL", "timeout");
        });

        ExecutionRecord run = registry.findLatest("daily-aapl").orElseThrow();
        assertThat(run.jobName()).isEqualTo("Daily AAPL");
        assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(run.errors()).containsExactly("timeout");
    }

    @Test
    void runPassesTheJobsExceptionThroughUnlessSuppressed() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> recorder.run("fails", () -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(registry.findLatest("fails").map(ExecutionRecord::status)).contains(ExecutionStatus.FAILED);

        JobExecutionRecorder suppressing = JobExecutionRecorder.builder(registry).clock(clock)
                .failureHandling(FailureHandling.SUPPRESS).build();
        suppressing.run("fails", () -> {
            throw boom;
        });
        assertThat(registry.findHistory("fails", 10, ExecutionStatus.FAILED)).hasSize(2);
    }

    @Test
    void callReturnsTheResultAndAlwaysRethrowsCheckedExceptions() throws Exception {
        assertThat(recorder.call("answer", () -> 42)).isEqualTo(42);
        IOException io = new IOException("disk full");
        JobExecutionRecorder suppressing = JobExecutionRecorder.builder(registry).clock(clock)
                .failureHandling(FailureHandling.SUPPRESS).build();
        assertThatThrownBy(() -> suppressing.call("answer", () -> {
            throw io;
        })).isSameAs(io);

        assertThat(registry.findHistory("answer")).extracting(ExecutionRecord::status)
                .containsExactlyInAnyOrder(ExecutionStatus.SUCCESS, ExecutionStatus.FAILED);
    }

    @Test
    void theCurrentContextAndMdcExistOnlyWhileARunExecutesOnItsThread() throws Exception {
        List<String> seen = new ArrayList<>();
        assertThat(RunContext.current()).isEmpty();
        MDC.put(RunContext.MDC_JOB_ID, "outer-value");

        recorder.run("deep", () -> {
            RunContext context = RunContext.current().orElseThrow();
            seen.add(context.jobId());
            seen.add(MDC.get(RunContext.MDC_JOB_ID));
            seen.add(String.valueOf(MDC.get(RunContext.MDC_EXECUTION_ID).equals(context.executionId())));
            reportFromDeepInTheCallStack();
            Thread other = new Thread(() -> seen.add("other thread: " + RunContext.current().isPresent()));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(seen).containsExactly("deep", "deep", "true", "other thread: false");
        assertThat(RunContext.current()).isEmpty();
        assertThat(MDC.get(RunContext.MDC_JOB_ID)).isEqualTo("outer-value");
        assertThat(MDC.get(RunContext.MDC_EXECUTION_ID)).isNull();
        assertThat(registry.findLatest("deep").orElseThrow().succeededItems()).containsExactly("deep-item");
        MDC.clear();
    }

    @Test
    void aNestedRunRestoresItsCallersContext() {
        recorder.run("outer", () -> {
            recorder.run("inner", () -> assertThat(RunContext.current().orElseThrow().jobId()).isEqualTo("inner"));
            assertThat(RunContext.current().orElseThrow().jobId()).isEqualTo("outer");
            assertThat(MDC.get(RunContext.MDC_JOB_ID)).isEqualTo("outer");
        });
        assertThat(RunContext.current()).isEmpty();
    }

    private static void reportFromDeepInTheCallStack() {
        RunContext.current().ifPresent(context -> context.succeeded("deep-item"));
    }

    @Test
    void twoEventRunsTakeTheCallersIdStartTimeAndAttributes() {
        Instant due = clock.instant().minusSeconds(5);
        RecordedRun run = recorder.start(RunStart.of(JobIdentity.of("report", "Nightly report"))
                .executionId("report@2025-10-29").startTime(due).attribute("trigger", "cron"));

        assertThat(RunContext.current()).containsSame(run.context());
        ExecutionRecord running = registry.findById("report@2025-10-29").orElseThrow();
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.startTime()).isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(running.attributes()).containsEntry("trigger", "cron");

        run.context().failed("row 7", "bad date");
        run.finish();
        run.finish(new IllegalStateException("ignored: only the first finish counts"));

        assertThat(RunContext.current()).isEmpty();
        assertThat(registry.findById("report@2025-10-29").map(ExecutionRecord::status)).contains(ExecutionStatus.FAILED);
        assertThat(registry.findById("report@2025-10-29").orElseThrow().errors()).containsExactly("bad date");
    }

    @Test
    void aRunFinishedOnAnotherThreadIsNoLongerCurrentWhereItStarted() throws Exception {
        RecordedRun run = recorder.start(JobIdentity.of("handed-over"));
        Thread finisher = new Thread(run::finish);
        finisher.start();
        finisher.join();

        assertThat(RunContext.current()).as("an ended run is never current").isEmpty();
        assertThat(MDC.get(RunContext.MDC_EXECUTION_ID)).isNull();
        assertThat(registry.findLatest("handed-over").map(ExecutionRecord::status)).contains(ExecutionStatus.SUCCESS);
    }

    @Test
    void consecutiveSkipsOfAJobAreOneRecordUntilARunComesBetween() {
        JobIdentity job = JobIdentity.of("misfiring");
        Instant t0 = clock.instant();
        ExecutionRecord first = recorder.skipped(job, t0, "misfire");
        ExecutionRecord second = recorder.skipped(job, t0.plusSeconds(60), t0.plusSeconds(180), 3, "misfire");
        recorder.skipped(job, t0.plusSeconds(240), "vetoed: maintenance");

        assertThat(second.executionId()).isEqualTo(first.executionId());
        List<ExecutionRecord> history = registry.findHistory("misfiring");
        assertThat(history).hasSize(1);
        ExecutionRecord skipped = history.get(0);
        assertThat(skipped.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(skipped.skipCount()).isEqualTo(5);
        assertThat(skipped.startTime()).isEqualTo(t0);
        assertThat(skipped.lastDueTime()).contains(t0.plusSeconds(240));
        assertThat(skipped.errors()).containsExactly("misfire", "vetoed: maintenance");
        assertThat(skipped.duration()).contains(Duration.ZERO);

        clock.advance(Duration.ofMinutes(5));
        recorder.run("misfiring", () -> { });
        recorder.skipped(job, clock.instant().plusSeconds(60), "misfire");

        assertThat(registry.findHistory("misfiring")).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.SKIPPED, ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
        assertThat(registry.findLatest("misfiring").orElseThrow().skipCount()).isEqualTo(1);
        assertThatThrownBy(() -> recorder.skipped(job, t0, t0.minusSeconds(1), 1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is before firstDueTime");
        assertThatThrownBy(() -> recorder.skipped(job, t0, t0, 0, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, but was 0");
    }

    @Test
    void recordsBuiltElsewhereGoThroughTheRecorder() {
        ExecutionRecord dead = ExecutionRecord.builder("dead-1", "worker", "Worker", clock.instant())
                .finished(ExecutionStatus.FAILED, clock.instant()).errors(List.of("execution found dead")).build();
        List<ExecutionRecord> finished = new ArrayList<>();
        JobExecutionRecorder listened = JobExecutionRecorder.builder(registry).clock(clock)
                .listener(new RunListener() {
                    @Override
                    public void onFinish(ExecutionRecord record) {
                        finished.add(record);
                    }
                }).build();

        listened.record(dead);

        assertThat(registry.findById("dead-1")).contains(dead);
        assertThat(finished).containsExactly(dead);
    }

    @Test
    void heartbeatsCanRunOnTheHostsExecutor() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            JobExecutionRecorder hosted = JobExecutionRecorder.builder(registry)
                    .heartbeatInterval(Duration.ofMillis(20)).heartbeatExecutor(executor).build();
            RecordedRun run = hosted.start(JobIdentity.of("hosted"));
            Instant first = registry.findById(run.executionId()).orElseThrow().heartbeatDeadline().orElseThrow();
            Optional<Instant> renewed = Optional.empty();
            for (int i = 0; i < 500 && renewed.isEmpty(); i++) {
                Thread.sleep(10);
                renewed = registry.findById(run.executionId()).orElseThrow().heartbeatDeadline().filter(d -> d.isAfter(first));
            }
            assertThat(renewed).as("renewed on the host's executor").isPresent();
            run.finish();
            hosted.close();
            assertThat(executor.isShutdown()).as("the host keeps owning its executor").isFalse();
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
