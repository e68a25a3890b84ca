package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.fixtures.RedisClients;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

@DisplayName("Redis down, slow or restarting never fails or hangs a recorded job")
class OutageTest {

    /** The documented bound plus a generous margin for a loaded build machine. */
    private static final Duration BOUND = RedisUriClient.CALL_BOUND.multipliedBy(2).plusSeconds(5);

    private final EmbeddedRedis server = EmbeddedRedis.start();
    private final RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(server.url());
    private final JobExecutionRecorder recorder = JobExecutionRecorder.create(registry);

    @AfterEach
    void stop() {
        recorder.close();
        registry.close();
        server.close();
    }

    @Test
    @DisplayName("Redis stopped while a job runs: the job completes in time; after a restart recording resumes")
    void stoppedAndRestarted() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        assertThat(recorder.wrapCallable(JobIdentity.of(jobId, "Job"), () -> "before").call()).isEqualTo("before");
        assertThat(registry.findLatest(jobId)).map(ExecutionRecord::status).contains(ExecutionStatus.SUCCESS);

        Callable<String> job = recorder.wrapCallable(JobIdentity.of(jobId, "Job"), () -> {
            server.stop();
            return "during";
        });
        long started = System.nanoTime();
        assertThat(job.call()).isEqualTo("during");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        assertThat(registry.failureCount()).isPositive();
        assertThat(recorder.failureCount()).isPositive();

        long down = System.nanoTime();
        assertThat(recorder.wrapCallable(JobIdentity.of(jobId, "Job"), () -> "down").call()).isEqualTo("down");
        assertThatThrownBy(() -> registry.findHistory(jobId)).isInstanceOfSatisfying(RedisHistoryException.class,
                e -> assertThat(e.isTransient()).as("a server that is down fails transiently: " + e.getCause()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - down)).isLessThan(BOUND);

        server.restart();
        String[] executionId = new String[1];
        recorder.wrap(JobIdentity.of(jobId, "Job"), context -> {
            executionId[0] = context.executionId();
            context.succeeded("AAPL");
        }).run();
        assertThat(registry.findLatest(jobId).map(ExecutionRecord::executionId)).contains(executionId[0]);
        assertThat(registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    @DisplayName("a Redis that pauses clients fails a save within the socket timeout, and is used again afterwards")
    void slowRedis() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        registry.save(record(jobId));
        try (UnifiedJedis admin = RedisClients.client(server.port())) {
            admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "3000");
        }

        long started = System.nanoTime();
        assertThatThrownBy(() -> registry.save(record(jobId))).isInstanceOf(RedisHistoryException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofMillis(RedisUriClient.SOCKET_TIMEOUT_MILLIS + 1_500));

        Thread.sleep(3_000 - took.toMillis() + 200);
        ExecutionRecord after = record(jobId);
        registry.save(after);
        assertThat(registry.findById(after.executionId())).contains(after);
    }

    private static ExecutionRecord record(String jobId) {
        return ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job", Instant.now())
                .finished(ExecutionStatus.SUCCESS, Instant.now()).build();
    }
}
