package io.jobhistory.jdbc;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.JobRetention;
import io.jobhistory.fixtures.MariaDbServer;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.MariaDbDataSource;

import java.sql.SQLException;
import java.time.Clock;

/** The contract suite on Debian's MariaDB 10.11 (skipped, with one line, where it is not installed). */
class MariaDbRegistryTest extends ExecutionHistoryRegistryContract {

    private static MariaDbServer server;
    private static MariaDbDataSource dataSource;

    @BeforeAll
    static void startServer() throws SQLException {
        server = MariaDbServer.start();
        dataSource = new MariaDbDataSource(server.jdbcUrl());
        dataSource.setUser(MariaDbServer.USER);
        dataSource.setPassword(MariaDbServer.PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention) {
        return JdbcExecutionHistoryRegistry.builder(dataSource)
                .clock(clock)
                .retention(jobId -> retention)
                .createSchemaIfMissing(true)
                .build();
    }
}
