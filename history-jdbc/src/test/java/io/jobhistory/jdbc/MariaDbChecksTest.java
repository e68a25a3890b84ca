package io.jobhistory.jdbc;

import io.jobhistory.StoreException;
import io.jobhistory.fixtures.MariaDbServer;
import io.jobhistory.fixtures.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

import java.sql.SQLException;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JdbcRegistryChecks} on Debian's MariaDB 10.11, a server that cannot be reached, and a user without DDL. */
class MariaDbChecksTest extends JdbcRegistryChecks {

    private static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    DataSource dataSource() {
        return as(MariaDbServer.USER, MariaDbServer.PASSWORD);
    }

    private static DataSource as(String user, String password) {
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(server.jdbcUrl());
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    JdbcDialect expectedDialect() {
        return JdbcDialect.MARIADB;
    }

    @Test
    void aServerThatCannotBeReachedIsATransientFailure() throws SQLException {
        MariaDbDataSource nowhere = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + Ports.free() + "/jobhistory");
        JdbcExecutionHistoryRegistry registry = JdbcExecutionHistoryRegistry.builder(nowhere)
                .dialect(JdbcDialect.MARIADB).build();
        assertThatThrownBy(() -> registry.findLatest("job"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void aUserWithDataPrivilegesOnlyRecordsButCannotCreateTables() {
        JdbcExecutionHistoryRegistry owner = JdbcExecutionHistoryRegistry.builder(dataSource())
                .tablePrefix("jh_dml_").createSchemaIfMissing(true).build();
        server.sql("CREATE USER 'writer'@'%' IDENTIFIED BY 'writer';"
                + " GRANT SELECT, INSERT, UPDATE, DELETE ON " + MariaDbServer.DATABASE + ".* TO 'writer'@'%';");
        JdbcExecutionHistoryRegistry writer = JdbcExecutionHistoryRegistry.builder(as("writer", "writer"))
                .tablePrefix("jh_dml_").build();
        var record = io.jobhistory.ExecutionRecord.builder("e-" + java.util.UUID.randomUUID(), "job-dml", "Job",
                java.time.Instant.now()).build();
        writer.save(record);
        assertThat(owner.findById(record.executionId())).contains(record);
        assertThatThrownBy(() -> JdbcExecutionHistoryRegistry.builder(as("writer", "writer"))
                .tablePrefix("jh_other_").createSchemaIfMissing(true).build())
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("jh_other_");
    }
}
