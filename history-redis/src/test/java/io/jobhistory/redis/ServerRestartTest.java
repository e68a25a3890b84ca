package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.RedisBinary;
import io.jobhistory.fixtures.RedisClients;
import io.jobhistory.fixtures.RestartableCluster;
import io.jobhistory.fixtures.RestartableRedis;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Redis stopped by SIGTERM with persistence on and started again on the same port, while a synchronous recorder
 * records on 4 threads: the pool then holds connections the old server closed. Each restart is followed either by
 * a read as the first call, or by 4 recorded runs as the first calls; "after the restart" means once the server
 * answers PING (on a cluster, once every node's CLUSTER INFO says ok: a restarted master refuses commands with
 * CLUSTERDOWN for about 2 s). The servers are the fixtures' {@link RestartableRedis} and {@link RestartableCluster}.
 * No assertion depends on timing.
 */
@DisplayName("After a Redis restart the first call succeeds, and a failure during the outage names its socket error")
class ServerRestartTest {

    private static final int THREADS = 4;
    private static final int RUNS_PER_THREAD = 10;
    /** More runs than a job records here, so that retention trims none. */
    private static final int CAP = 1_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(RedisBinary.class)
    @DisplayName("a single server, registry from a URI")
    void standalone(RedisBinary binary, @TempDir Path dir) throws Exception {
        binary.assumeAvailable();
        try (RestartableRedis server = binary.startPersistent(dir);
             RedisExecutionHistoryRegistry registry =
                     RedisExecutionHistoryRegistry.builder(server.url()).maxRunsPerJob(CAP).build();
             JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            restartTwice(server, registry, recorder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RedisBinary.class)
    @DisplayName("a single server, the application's own pooled client with testOnBorrow")
    void standaloneOwnClient(RedisBinary binary, @TempDir Path dir) throws Exception {
        binary.assumeAvailable();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setTestOnBorrow(true);
        try (RestartableRedis server = binary.startPersistent(dir);
             UnifiedJedis client = new OwnClient(new PooledConnectionProvider(new HostAndPort("127.0.0.1", server.port()),
                     DefaultJedisClientConfig.builder().socketTimeoutMillis(2_000).build(), pool));
             RedisExecutionHistoryRegistry registry =
                     RedisExecutionHistoryRegistry.builder(client).maxRunsPerJob(CAP).build();
             JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            restartTwice(server, registry, recorder);
        }
    }

    /**
     * A client that sends each command once, as {@code JedisPooled} and {@code RedisClient.builder()} build by default
     * (neither exists in every Jedis from 6.0 to 8.x, which these tests also run on).
     */
    private static final class OwnClient extends UnifiedJedis {
        OwnClient(PooledConnectionProvider provider) {
            super(provider, (RedisProtocol) null);
        }
    }

    /**
     * Records on 4 threads; stops the server and checks a call's failure; starts it and reads first; records again to
     * fill the pool; restarts it and records on 4 threads first, then more.
     */
    private static void restartTwice(RestartableRedis server, RedisExecutionHistoryRegistry registry,
                                     JobExecutionRecorder recorder) throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        Set<String> stored = record(recorder, List.of(jobId), RUNS_PER_THREAD);

        server.stop();
        RedisHistoryException failure =
                catchThrowableOfType(() -> registry.findLatest(jobId), RedisHistoryException.class);
        assertNamesSocketError(failure, registry);

        server.restart();
        assertThat(ids(registry.findHistory(jobId, 1_000))).as("the first read after the restart")
                .containsExactlyInAnyOrderElementsOf(stored);

        stored.addAll(record(recorder, List.of(jobId), RUNS_PER_THREAD)); // the pool holds 4 connections again
        server.stop();
        server.restart();
        long failures = registry.failureCount();
        Set<String> first = record(recorder, List.of(jobId), 1);
        Set<String> then = record(recorder, List.of(jobId), RUNS_PER_THREAD);
        assertThat(registry.failureCount()).as("failed calls after the restart").isEqualTo(failures);
        assertStored(registry, first);
        assertStored(registry, then);
        assertStored(registry, stored);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RedisBinary.class)
    @DisplayName("a cluster of 3 masters restarted one by one, the application's cluster client")
    void cluster(RedisBinary binary, @TempDir Path dir) throws Exception {
        binary.assumeAvailable();
        try (RestartableCluster cluster = RestartableCluster.start(binary, dir);
             UnifiedJedis client = RedisClients.clusterClient(cluster.nodes().get(0).port());
             RedisExecutionHistoryRegistry registry =
                     RedisExecutionHistoryRegistry.builder(client).maxRunsPerJob(CAP).build();
             JobExecutionRecorder recorder = JobExecutionRecorder.create(registry)) {
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                jobs.add("job-" + UUID.randomUUID());
            }
            Set<String> stored = record(recorder, jobs, RUNS_PER_THREAD);
            for (RestartableRedis node : cluster.nodes()) {
                String jobOnNode = jobOn(cluster, node);
                Set<String> ofJob = record(recorder, List.of(jobOnNode), RUNS_PER_THREAD);
                stored.addAll(ofJob);

                node.stop();
                String missing = executionOn(cluster, node);
                RedisHistoryException failure =
                        catchThrowableOfType(() -> registry.findById(missing), RedisHistoryException.class);
                assertNamesSocketError(failure, registry);

                node.restart();
                cluster.awaitOk();
                assertThat(ids(registry.findHistory(jobOnNode, 1_000)))
                        .as("the first read after node %s restarted", node.port())
                        .containsExactlyInAnyOrderElementsOf(ofJob);

                stored.addAll(record(recorder, jobs, RUNS_PER_THREAD)); // every node's pool holds connections again
                node.stop();
                node.restart();
                cluster.awaitOk();
                long failures = registry.failureCount();
                Set<String> first = record(recorder, List.of(jobOnNode), 1);
                Set<String> then = record(recorder, jobs, RUNS_PER_THREAD);
                assertThat(registry.failureCount()).as("failed calls after node %s restarted", node.port())
                        .isEqualTo(failures);
                assertStored(registry, first);
                assertStored(registry, then);
                stored.addAll(first);
                stored.addAll(then);
            }
            assertStored(registry, stored);
        }
    }

    /**
     * Records {@code runs} runs on each of 4 threads at once (thread i records job i modulo the jobs given); returns
     * their execution ids.
     */
    private static Set<String> record(JobExecutionRecorder recorder, List<String> jobs, int runs) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String jobId = jobs.get(t % jobs.size());
                done.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < runs; i++) {
                        recorder.run(JobIdentity.of(jobId, "Job"), context -> {
                            ids.add(context.executionId());
                            context.succeeded("ok");
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        return ids;
    }

    private static void assertStored(RedisExecutionHistoryRegistry registry, Set<String> ids) {
        for (String id : ids) {
            assertThat(registry.findById(id)).as("run %s", id).map(ExecutionRecord::status)
                    .contains(ExecutionStatus.SUCCESS);
        }
    }

    /**
     * The failure's cause is the client's socket error (a refused connect, or a connection the server closed), not a
     * retry layer's summary, and both the failure's message and the outage's WARN line name it.
     */
    private static void assertNamesSocketError(RedisHistoryException failure, RedisExecutionHistoryRegistry registry) {
        assertThat(failure).as("a call while Redis is stopped").isNotNull();
        assertThat(failure.isTransient()).isTrue();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure.getCause(); t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        Throwable socketError = chain.stream().filter(JedisConnectionException.class::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("no JedisConnectionException among the causes of " + failure));
        assertThat(failure.getMessage()).contains(socketError.toString());
        assertThat(registry.lastOutageLine()).contains(JedisConnectionException.class.getName());
    }

    private static Set<String> ids(List<ExecutionRecord> records) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        records.forEach(r -> ids.add(r.executionId()));
        return ids;
    }

    /** A job id whose index lives on {@code node}. */
    private static String jobOn(RestartableCluster cluster, RestartableRedis node) {
        RedisKeys keys = new RedisKeys(RedisExecutionHistoryRegistry.DEFAULT_KEY_PREFIX);
        while (true) {
            String jobId = "job-" + UUID.randomUUID();
            if (cluster.nodeOf(keys.indexKey(jobId)) == node) {
                return jobId;
            }
        }
    }

    /** An execution id whose record would live on {@code node}. */
    private static String executionOn(RestartableCluster cluster, RestartableRedis node) {
        RedisKeys keys = new RedisKeys(RedisExecutionHistoryRegistry.DEFAULT_KEY_PREFIX);
        while (true) {
            String executionId = UUID.randomUUID().toString();
            if (cluster.nodeOf(keys.recordKey(executionId)) == node) {
                return executionId;
            }
        }
    }
}
