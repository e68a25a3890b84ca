package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.fixtures.RedisClients;
import io.jobhistory.fixtures.SystemRedis;
import io.jobhistory.recorder.RunListener;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.RecordedRun;
import io.jobhistory.recorder.RunStart;
import io.jobhistory.recorder.WriteBehind;
import io.jobhistory.recorder.WriteBehindStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Write-behind over a real Redis that this test stops, restarts and pauses: its own {@code redis-server} process
 * (Debian's) on a free port, with an append-only file in a temporary directory so a restart keeps its data
 * ({@link SystemRedis#startPersistent}).
 */
@Timeout(120)
@DisplayName("Write-behind over Redis: no run lost while Redis is down, paused or the queue overflows")
class WriteBehindRedisTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String JOB = "every-50-ms";

    @TempDir
    Path dir;

    private SystemRedis redis;
    private UnifiedJedis client;
    private RedisExecutionHistoryRegistry registry;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ExecutionRecord> notStored = new CopyOnWriteArrayList<>();
    private final List<Throwable> notStoredWhy = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = SystemRedis.startPersistent(dir);
        // a pooled UnifiedJedis, as create(uri) builds: its retrying executor reports a refused connection as a bare
        // JedisException, which the registry reports as transient
        client = RedisClients.client(redis.port(), Duration.ofMillis(500), Duration.ofSeconds(1));
        registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix("wb").maxRunsPerJob(5_000).build();
    }

    @AfterEach
    void stopRedis() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (redis != null) {
            redis.resume();
            if (registry != null) {
                registry.close();
                client.close();
            }
            redis.stop();
        }
    }

    private JobExecutionRecorder recorder(WriteBehind settings) {
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
                .writeBehind(settings)
                .listener(new RunListener() {
                    @Override
                    public void onStorageFailure(ExecutionRecord record, Throwable failure) {
                        notStored.add(record);
                        notStoredWhy.add(failure);
                    }
                })
                .build();
        toClose.add(recorder);
        return recorder;
    }

    /** A job every 50 ms that records into {@code recorder}; collects the execution id of every run that completed. */
    private final class Schedule implements AutoCloseable {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        final ScheduledFuture<?> future;

        Schedule(JobExecutionRecorder recorder) {
            Runnable job = recorder.wrap(JobIdentity.of(JOB, "Every 50 ms"), context -> {
                context.succeeded("item");
                completed.add(context.executionId());
            });
            future = executor.scheduleAtFixedRate(job, 0, 50, TimeUnit.MILLISECONDS);
        }

        void awaitMore(int runs) throws InterruptedException {
            int target = completed.size() + runs;
            Await.until(runs + " more runs completed", () -> completed.size() >= target);
        }

        @Override
        public void close() throws InterruptedException {
            future.cancel(false);
            executor.shutdown();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Every completed run is in Redis, finished successfully; nothing else of the job is there. */
    private void assertAllRecorded(List<String> completed) {
        List<ExecutionRecord> history = registry.findHistory(JOB, 5_000);
        assertThat(history).extracting(ExecutionRecord::executionId).containsExactlyInAnyOrderElementsOf(completed);
        assertThat(history).allSatisfy(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
    }

    @Test
    @DisplayName("outage: Redis stopped for 3 s and restarted on the same port; every run executed is in history")
    void outage() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.defaults());
        Schedule schedule = new Schedule(recorder);
        schedule.awaitMore(10);
        assertThat(recorder.flush(WAIT)).isTrue();

        redis.stop();
        schedule.awaitMore(60);                                  // 3 s of runs at one per 50 ms
        Await.until("the writer retrying", () -> recorder.writeBehindStats().orElseThrow().retried() > 0);
        redis.restart();
        schedule.awaitMore(10);
        schedule.close();

        assertThat(schedule.future.isCancelled()).as("no run threw (a throwing run would end the schedule)").isTrue();
        assertThat(recorder.flush(WAIT)).isTrue();
        assertThat(schedule.completed).hasSizeGreaterThanOrEqualTo(80);
        assertAllRecorded(schedule.completed);
        WriteBehindStats stats = recorder.writeBehindStats().orElseThrow();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.rejected()).isZero();
        assertThat(stats.lastFailure()).isPresent();
        assertThat(recorder.failureCount()).isZero();
        assertThat(notStored).isEmpty();
    }

    @Test
    @DisplayName("hang: Redis paused (SIGSTOP); runs complete while it is paused, and are all recorded finished after")
    void hang() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.defaults());
        Schedule schedule = new Schedule(recorder);
        schedule.awaitMore(5);

        redis.pause();
        int beforePause = schedule.completed.size();
        schedule.awaitMore(60);
        assertThat(redis.isPaused()).isTrue();
        assertThat(schedule.completed.size() - beforePause)
                .as("runs that completed while Redis was still paused").isGreaterThanOrEqualTo(60);
        redis.resume();
        schedule.close();

        assertThat(recorder.flush(WAIT)).isTrue();
        assertAllRecorded(schedule.completed);
        assertThat(registry.findHistory(JOB, 5_000, ExecutionStatus.RUNNING)).isEmpty();
        assertThat(recorder.failureCount()).isZero();
        assertThat(recorder.writeBehindStats().orElseThrow().retried()).isPositive();
    }

    @Test
    @DisplayName("overflow: capacity 100, Redis down, 1,000 runs; the drops match the WARN line, nothing else is lost")
    void overflow() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().capacity(100).build());
        redis.stop();
        List<String> executed = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 1_000; i++) {
                recorder.run(JobIdentity.of(JOB), context -> executed.add(context.executionId()));
            }
            assertThat(recorder.writeBehindStats().orElseThrow().queueDepth()).as("queued + being written")
                    .isBetween(100, 200);
            redis.restart();
            assertThat(recorder.flush(WAIT)).isTrue();
            Await.until("the episode's drop count logged", () -> log.toString(StandardCharsets.UTF_8)
                    .contains("Write-behind dropped"));
        } finally {
            System.setErr(originalErr);
        }

        WriteBehindStats stats = recorder.writeBehindStats().orElseThrow();
        Matcher warn = Pattern.compile("WARN .*Write-behind dropped (\\d+) records while its queue was full "
                + "\\(capacity 100\\)").matcher(log.toString(StandardCharsets.UTF_8));
        assertThat(warn.find()).isTrue();
        assertThat(Long.parseLong(warn.group(1))).isEqualTo(stats.dropped()).isEqualTo(notStored.size());
        assertThat(warn.find()).as("one count line for the one episode").isFalse();
        assertThat(stats.dropped()).isGreaterThanOrEqualTo(800);
        assertThat(notStoredWhy).allSatisfy(t -> assertThat(t).hasMessageContaining("capacity 100"));

        Set<String> droppedFinished = new HashSet<>();
        notStored.stream().filter(ExecutionRecord::isFinished).forEach(r -> droppedFinished.add(r.executionId()));
        Set<String> stored = new HashSet<>();
        Set<String> storedRunning = new HashSet<>();
        registry.findHistory(JOB, 5_000).forEach(r -> (r.isFinished() ? stored : storedRunning).add(r.executionId()));
        assertThat(stored).doesNotContainAnyElementsOf(droppedFinished);
        assertThat(droppedFinished).as("a run left running is one whose finished record was dropped")
                .containsAll(storedRunning);
        Set<String> accounted = new HashSet<>(stored);
        accounted.addAll(droppedFinished);
        assertThat(accounted).as("every run stored, or reported dropped").containsExactlyInAnyOrderElementsOf(executed);
        assertThat(stored).hasSize(1_000 - droppedFinished.size());
    }

    @Test
    @DisplayName("ordering: across retries and two recorders, a run's finished record is never replaced by its running one")
    void finishedNeverReplacedByRunning() throws Exception {
        JobExecutionRecorder first = recorder(WriteBehind.builder().linger(Duration.ZERO).build());
        JobExecutionRecorder second = recorder(WriteBehind.builder().linger(Duration.ZERO).build());
        redis.pause();
        List<String> ids = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < 20; i++) {
            String id = "shared-" + i;
            ids.add(id);
            RecordedRun run = first.start(RunStart.of(JobIdentity.of(JOB)).executionId(id).startTime(start));
            // the other process's stale view of the same run: still running, renewed later
            second.record(ExecutionRecord.builder(id, JOB, JOB, start)
                    .heartbeatDeadline(Instant.now().plusSeconds(600)).build());
            run.finish();
        }
        Await.until("both writers retrying", () -> first.writeBehindStats().orElseThrow().retried() > 0
                && second.writeBehindStats().orElseThrow().retried() > 0);
        redis.resume();
        assertThat(first.flush(WAIT)).isTrue();
        assertThat(second.flush(WAIT)).isTrue();

        for (String id : ids) {
            assertThat(registry.findById(id)).as(id)
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
        }
    }

    @Test
    @DisplayName("flush stores what was queued; close with Redis down returns after its deadline and reports what it left")
    void flushAndClose() throws Exception {
        JobExecutionRecorder recorder = recorder(WriteBehind.builder().closeTimeout(Duration.ofMillis(500)).build());
        List<String> executed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            recorder.run(JobIdentity.of(JOB), context -> executed.add(context.executionId()));
        }
        assertThat(recorder.flush(WAIT)).isTrue();
        assertAllRecorded(executed);

        redis.stop();
        String[] lost = new String[1];
        recorder.run(JobIdentity.of(JOB), context -> lost[0] = context.executionId());
        recorder.close();

        assertThat(notStored).extracting(ExecutionRecord::executionId).containsOnly(lost[0]);
        assertThat(notStored).filteredOn(ExecutionRecord::isFinished).hasSize(1);
        assertThat(recorder.failureCount()).isEqualTo(notStored.size());
        assertThat(recorder.writeBehindStats().orElseThrow().rejected()).isEqualTo(notStored.size());
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
