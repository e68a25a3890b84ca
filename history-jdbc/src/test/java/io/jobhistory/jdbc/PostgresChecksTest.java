package io.jobhistory.jdbc;

import io.jobhistory.StoreException;
import io.jobhistory.fixtures.Ports;
import io.jobhistory.fixtures.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JdbcRegistryChecks} on Debian's PostgreSQL 15, and a server that cannot be reached. */
class PostgresChecksTest extends JdbcRegistryChecks {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }

    @Override
    JdbcDialect expectedDialect() {
        return JdbcDialect.POSTGRESQL;
    }

    @Test
    void aServerThatCannotBeReachedIsATransientFailure() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + Ports.free() + "/jobhistory");
        JdbcExecutionHistoryRegistry registry = JdbcExecutionHistoryRegistry.builder(nowhere)
                .dialect(JdbcDialect.POSTGRESQL).build();
        assertThatThrownBy(() -> registry.findLatest("job"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("08");
    }
}
