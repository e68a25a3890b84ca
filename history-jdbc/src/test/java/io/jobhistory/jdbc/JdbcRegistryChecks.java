package io.jobhistory.jdbc;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.StoreException;
import io.jobhistory.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDBC backend adds to the contract, on each database: schema, prefixes, connections, failures, sweeping. */
abstract class JdbcRegistryChecks {

    /** A data source of the database under test; each call may return the same one. */
    abstract DataSource dataSource();

    abstract JdbcDialect expectedDialect();

    private final MutableClock clock = MutableClock.startingNow();

    private JdbcExecutionHistoryRegistry registry(String prefix) {
        return JdbcExecutionHistoryRegistry.builder(dataSource()).clock(clock).tablePrefix(prefix)
                .createSchemaIfMissing(true).build();
    }

    private ExecutionRecord run(String jobId, ExecutionStatus status) {
        Instant start = clock.instant().minusSeconds(5);
        ExecutionRecord.Builder b = ExecutionRecord.builder(UUID.randomUUID().toString(), jobId, "Job", start);
        return status == ExecutionStatus.RUNNING ? b.build() : b.finished(status, start.plusSeconds(1)).build();
    }

    @Test
    void detectsTheDialectAndCreatesTheSchemaTwiceWithoutHarm() {
        JdbcExecutionHistoryRegistry first = registry("jh_twice_");
        JdbcExecutionHistoryRegistry second = registry("jh_twice_");
        assertThat(first.dialect()).isEqualTo(expectedDialect());
        ExecutionRecord saved = run("job-" + UUID.randomUUID(), ExecutionStatus.SUCCESS);
        first.save(saved);
        assertThat(second.findById(saved.executionId())).contains(saved);
    }

    @Test
    void tablePrefixesKeepRegistriesApart() {
        JdbcExecutionHistoryRegistry a = registry("jh_a_");
        JdbcExecutionHistoryRegistry b = registry("jh_b_");
        String jobId = "job-" + UUID.randomUUID();
        ExecutionRecord saved = run(jobId, ExecutionStatus.FAILED);
        a.save(saved);
        assertThat(a.findLatest(jobId)).contains(saved);
        assertThat(b.findLatest(jobId)).isEmpty();
        assertThat(b.findJobIds()).doesNotContain(jobId);
    }

    @Test
    void aMissingTableIsAPermanentFailureNamingTheTableAndTheSchemaFile() {
        JdbcExecutionHistoryRegistry missing = JdbcExecutionHistoryRegistry.builder(dataSource())
                .tablePrefix("jh_never_created_").build();
        assertThatThrownBy(() -> missing.save(run("job-x", ExecutionStatus.SUCCESS)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("jh_never_created_jobs")
                .hasMessageContaining(expectedDialect().schemaResource());
        assertThatThrownBy(() -> missing.findLatest("job-x"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("jh_never_created_runs");
    }

    @Test
    void aRowThatIsNotARecordFailsTheReadNamingTableAndId() throws SQLException {
        JdbcExecutionHistoryRegistry registry = registry("jh_bad_");
        ExecutionRecord saved = run("job-" + UUID.randomUUID(), ExecutionStatus.SUCCESS);
        registry.save(saved);
        try (Connection c = dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE jh_bad_runs SET record = ? WHERE execution_id = ?")) {
            s.setString(1, "{not json");
            s.setString(2, saved.executionId());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThatThrownBy(() -> registry.findById(saved.executionId())).isInstanceOf(StoreException.class)
                .hasMessageContaining("jh_bad_runs").hasMessageContaining(saved.executionId());
        assertThatThrownBy(() -> registry.findHistory(saved.jobId())).isInstanceOf(StoreException.class);
    }

    @Test
    void theConnectionGoesBackWithItsAutoCommitAndIsolation() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            connection.commit();
            DataSource single = new SingleConnection(connection);
            JdbcExecutionHistoryRegistry registry = JdbcExecutionHistoryRegistry.builder(single).clock(clock)
                    .dialect(expectedDialect()).tablePrefix("jh_conn_").build();
            registry("jh_conn_"); // creates the tables on a connection of its own
            ExecutionRecord saved = run("job-" + UUID.randomUUID(), ExecutionStatus.SUCCESS);
            registry.save(saved);
            assertThat(connection.getAutoCommit()).isFalse();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(registry.findById(saved.executionId())).contains(saved);
            assertThat(connection.getAutoCommit()).isFalse();
            connection.rollback();
            assertThat(registry("jh_conn_").findById(saved.executionId())).as("committed by the save itself")
                    .contains(saved);
        }
    }

    @Test
    void expiredRowsOfJobsNoLongerSavedAreSweptInBatches() throws SQLException {
        JdbcExecutionHistoryRegistry shortLived = JdbcExecutionHistoryRegistry.builder(dataSource()).clock(clock)
                .tablePrefix("jh_sweep_").timeToLive(Duration.ofMinutes(1)).createSchemaIfMissing(true).build();
        String jobId = "job-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            shortLived.save(run(jobId, ExecutionStatus.SUCCESS));
        }
        assertThat(count("jh_sweep_runs")).isGreaterThanOrEqualTo(3);
        clock.advance(Duration.ofDays(3));
        while (shortLived.sweepExpired() > 0) {
            // each call deletes at most 100 rows per table
        }
        assertThat(count("jh_sweep_runs")).isZero();
        assertThat(count("jh_sweep_jobs")).isZero();
        assertThat(count("jh_sweep_statistics")).isZero();
    }

    @Test
    void aLateRunningSnapshotNeverOverwritesTheOutcomeUnderConcurrentWriters() throws Exception {
        String jobId = "job-" + UUID.randomUUID();
        List<JdbcExecutionHistoryRegistry> registries = List.of(registry("jh_race_"), registry("jh_race_"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                ExecutionRecord running = run(jobId, ExecutionStatus.RUNNING);
                ExecutionRecord done = running.toBuilder().finished(ExecutionStatus.FAILED,
                        running.startTime().plusSeconds(1)).build();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> saves = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    ExecutionRecord record = t == 1 ? done : running;
                    JdbcExecutionHistoryRegistry registry = registries.get(t % 2);
                    saves.add(pool.submit(() -> {
                        go.await();
                        registry.save(record);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> save : saves) {
                    save.get();
                }
                assertThat(registries.get(0).findById(running.executionId())).contains(done);
            }
            assertThat(registries.get(0).findJobRecord(jobId).orElseThrow().finishedCounts())
                    .containsEntry(ExecutionStatus.FAILED, 10L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        var builder = JdbcExecutionHistoryRegistry.builder(dataSource());
        assertThatThrownBy(() -> builder.tablePrefix("Bad-Prefix")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad-Prefix");
        assertThatThrownBy(() -> builder.tablePrefix("x; DROP TABLE y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxRunsPerJob(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> builder.maxFailuresPerJob(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofMillis(10))).hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> JdbcExecutionHistoryRegistry.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataSource");
    }

    private long count(String table) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Hands out one real connection and never closes it, as a pool that lends the same connection again would. */
    private static final class SingleConnection implements DataSource {
        private final Connection connection;

        SingleConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection getConnection() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> method.getName().equals("close")
                            ? null : invoke(method, args));
        }

        private Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(connection, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
