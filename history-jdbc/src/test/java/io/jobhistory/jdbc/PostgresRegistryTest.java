package io.jobhistory.jdbc;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.JobRetention;
import io.jobhistory.fixtures.PostgresServer;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Clock;

/** The contract suite on Debian's PostgreSQL 15 (skipped, with one line, where it is not installed). */
class PostgresRegistryTest extends ExecutionHistoryRegistryContract {

    private static PostgresServer server;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(PostgresServer.USER);
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
