package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.fixtures.ChildJvm;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.fixtures.PostgresServer;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import org.junit.jupiter.api.Test;
import org.quartz.utils.ConnectionProvider;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Quartz cluster of two nodes, each in a JVM of its own, on a JDBC job store in a real PostgreSQL, both recording
 * into one Redis. Node A vetoes every fire, node B runs it; standby decides which node acquires the next fire.
 */
class QuartzClusterTest {

    private static final String JOB = "report";
    private static final String JOB_ID = "cluster." + JOB;

    @Test
    void skipsOfOneNodeAroundAnotherNodesRunStayTwoRecords() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
             EmbeddedRedis redis = EmbeddedRedis.start();
             RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(redis.url())) {
            createQuartzTables(postgres);
            try (ChildJvm a = node(postgres, redis, "node-a", "veto");
                 ChildJvm b = node(postgres, redis, "node-b", "run")) {
                command(a, "add-job " + JOB);

                command(a, "start");
                command(a, "trigger " + JOB);
                awaitSkips(registry, 1);
                command(a, "standby");

                command(b, "start");
                command(b, "trigger " + JOB);
                Await.until(() -> "B's run in " + registry.findHistory(JOB_ID), () -> registry.findHistory(JOB_ID)
                        .stream().anyMatch(r -> r.status() == ExecutionStatus.SUCCESS));
                command(b, "standby");

                command(a, "start");
                command(a, "trigger " + JOB);
                awaitSkips(registry, 2);

                List<ExecutionRecord> history = registry.findHistory(JOB_ID);
                assertThat(history).as("newest first: A's veto, B's run, A's veto")
                        .extracting(ExecutionRecord::status)
                        .containsExactly(ExecutionStatus.SKIPPED, ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
                assertThat(history).extracting(r -> r.node().orElse(null))
                        .containsExactly("node-a", "node-b", "node-a");
                assertThat(history.get(0).skipCount()).isEqualTo(1);
                assertThat(history.get(0).errors()).singleElement().asString().contains("maintenance on node-a");
                assertThat(registry.findLatest(JOB_ID)).map(ExecutionRecord::executionId)
                        .contains(history.get(0).executionId());

                command(a, "quit");
                command(b, "quit");
                a.linesUntilExit(Duration.ofMinutes(1));
                b.linesUntilExit(Duration.ofMinutes(1));
            }
        }
    }

    private static void awaitSkips(RedisExecutionHistoryRegistry registry, int count) {
        Await.until(() -> count + " vetoes recorded in " + registry.findHistory(JOB_ID),
                () -> registry.findHistory(JOB_ID).stream().filter(r -> r.status() == ExecutionStatus.SKIPPED)
                        .mapToInt(ExecutionRecord::skipCount).sum() == count);
    }

    private static ChildJvm node(PostgresServer postgres, EmbeddedRedis redis, String id, String mode) {
        ChildJvm node = ChildJvm.start(ClusterNodeMain.class, postgres.jdbcUrl(), redis.url(), id, mode);
        assertThat(node.readLine()).isEqualTo("READY");
        return node;
    }

    private static void command(ChildJvm node, String command) {
        if (command.equals("quit")) {
            node.writeLine(command);
            return;
        }
        node.writeLine(command);
        assertThat(node.readLine()).as(command).isEqualTo("OK");
    }

    private static void createQuartzTables(PostgresServer postgres) throws Exception {
        try (InputStream in = ConnectionProvider.class.getResourceAsStream(
                "/org/quartz/impl/jdbcjobstore/tables_postgres.sql");
             Connection connection = postgres.connect(PostgresServer.DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute(new String(Objects.requireNonNull(in, "tables_postgres.sql").readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }
}
