package io.jobhistory.spring.boot.shedlock;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobSummary;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.jobhistory.fixtures.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production is several instances: two Boot applications in JVMs of their own, one {@code @Scheduled} method guarded
 * by ShedLock's JDBC provider on a shared H2 server, both recording into one Redis. Each run the method really made
 * appends a row to the shared database; the history must hold exactly those runs, each under the node that ran it,
 * and nothing for the ticks whose lock the other instance held (or, with {@code record-skipped}, skips with the
 * reason). Two pairs run side by side, one per handling, each with its own database and key prefix.
 */
class TwoInstancesTest {

    private static final String REASON = "lock 'locked-tick' held by another instance";

    @TempDir
    Path logs;

    private Server h2;
    private final List<Instance> instances = new ArrayList<>();
    private final List<JdbcConnectionPool> databases = new ArrayList<>();

    @BeforeEach
    void startTheSharedDatabaseServer() throws SQLException {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterEach
    void stopEverything() {
        instances.forEach(Instance::close);
        databases.forEach(JdbcConnectionPool::dispose);
        h2.stop();
    }

    @Test
    void everyRecordIsARealRunOfTheInstanceThatRanItAndTheOtherInstancesTicksAreNoRuns() {
        Pair forget = new Pair("forget", "forget");
        Pair skipped = new Pair("skipped", "record-skipped");
        until(() -> "all four instances ready: " + instances, () -> instances.stream().allMatch(Instance::isReady));
        Instant ready = Instant.now();
        until("each pair ran the method at least four times, both instances up for three seconds",
                () -> forget.rows().size() >= 4 && skipped.rows().size() >= 4
                        && Instant.now().isAfter(ready.plusSeconds(3)));
        instances.forEach(Instance::close);  // graceful: each writes what it queued before it exits

        forget.assertHistoryIsExactlyTheRealRuns(forget.history());

        List<ExecutionRecord> history = skipped.history();
        List<ExecutionRecord> skips = history.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).toList();
        skipped.assertHistoryIsExactlyTheRealRuns(history.stream().filter(r -> r.status() != ExecutionStatus.SKIPPED)
                .toList());
        assertThat(skips).as("the ticks whose lock the other instance held").isNotEmpty().allSatisfy(skip -> {
            assertThat(skip.errors()).containsExactly(REASON);
            assertThat(skip.node()).hasValueSatisfying(node -> assertThat(node).isIn("node-a", "node-b"));
        });
        // a skipped tick is one whose lock was really held: the method ran within a second of it (a loaded machine
        // may start either instance's tick late)
        Set<Long> ran = skipped.rows().stream().map(Row::second).collect(Collectors.toSet());
        for (ExecutionRecord skip : skips) {
            for (Instant due : List.of(skip.startTime(), skip.lastDueTime().orElseThrow())) {
                long second = due.getEpochSecond();
                assertThat(ran.contains(second) || ran.contains(second - 1) || ran.contains(second + 1))
                        .as("the lock was held at %s", skip).isTrue();
            }
        }
    }

    /** Two instances with one database and one key prefix. */
    private final class Pair {

        private final String name;
        private final JdbcTemplate jdbc;

        Pair(String name, String handling) {
            this.name = name;
            String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
            JdbcConnectionPool database = JdbcConnectionPool.create(url, "sa", "");
            databases.add(database);
            LockedTicks.createTables(database);
            this.jdbc = new JdbcTemplate(database);
            List<String> properties = List.of("locked-ticks.db-url=" + url,
                    "jobhistory.redis.url=" + redisUrl(), "jobhistory.redis.key-prefix=" + name,
                    "jobhistory.not-run.handling=" + handling,
                    // a tick in progress at shutdown finishes, rather than being interrupted half-way
                    "spring.task.scheduling.shutdown.await-termination=true",
                    "spring.task.scheduling.shutdown.await-termination-period=10s");
            for (String node : List.of("node-a", "node-b")) {
                instances.add(Instance.start(node, logs.resolve(name + "-" + node + ".log"), properties));
            }
        }

        List<Row> rows() {
            return jdbc.query("SELECT seq, execution_id, node, tick_second, failed FROM executions ORDER BY seq",
                    (rs, i) -> new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getBoolean(5)));
        }

        List<ExecutionRecord> history() {
            try (RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(redisUrl())
                    .keyPrefix(name).build()) {
                return registry.findPage(LockedTicks.JOB, HistoryQuery.all()).records();
            }
        }

        void assertHistoryIsExactlyTheRealRuns(List<ExecutionRecord> runs) {
            List<Row> rows = rows();
            assertThat(rows).as("%s: real runs", name).hasSizeGreaterThanOrEqualTo(4);
            assertThat(rows.stream().map(Row::executionId).distinct()).as("%s: one record per run", name)
                    .hasSameSizeAs(rows);
            Map<String, ExecutionRecord> byId = runs.stream()
                    .collect(Collectors.toMap(ExecutionRecord::executionId, Function.identity()));
            assertThat(byId.keySet()).as("%s: runs in the history (none a fake success)", name)
                    .containsExactlyInAnyOrderElementsOf(rows.stream().map(Row::executionId).toList());
            for (Row row : rows) {
                ExecutionRecord run = byId.get(row.executionId());
                assertThat(run.node()).as("%s: node of %s", name, row).contains(row.node());
                assertThat(run.status()).as("%s: status of %s", name, row)
                        .isEqualTo(row.failed() ? ExecutionStatus.FAILED : ExecutionStatus.SUCCESS);
            }
            JobSummary summary = summarize(runs);
            long succeeded = rows.stream().filter(r -> !r.failed()).count();
            assertThat(summary.successRate().orElseThrow()).as("%s: success rate", name)
                    .isEqualTo((double) succeeded / rows.size());
        }

        private JobSummary summarize(List<ExecutionRecord> runs) {
            try (RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(redisUrl())
                    .keyPrefix(name).build()) {
                JobSummary summary = registry.summarize(LockedTicks.JOB);
                assertThat(summary.countsByStatus().get(ExecutionStatus.SUCCESS)
                        + summary.countsByStatus().get(ExecutionStatus.FAILED)).isEqualTo(runs.size());
                return summary;
            }
        }
    }

    private record Row(int seq, String executionId, String node, long second, boolean failed) {
    }

    private static String redisUrl() {
        return "redis://127.0.0.1:" + EmbeddedRedis.shared().port();
    }
}
