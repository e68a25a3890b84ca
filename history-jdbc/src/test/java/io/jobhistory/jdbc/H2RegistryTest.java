package io.jobhistory.jdbc;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.JobRetention;
import io.jobhistory.testkit.ExecutionHistoryRegistryContract;
import org.h2.jdbcx.JdbcDataSource;

import java.time.Clock;

/** The contract suite on H2 2.x in memory. */
class H2RegistryTest extends ExecutionHistoryRegistryContract {

    static JdbcDataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:jobhistory-contract;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
        return dataSource;
    }

    @Override
    protected ExecutionHistoryRegistry createRegistry(Clock clock, JobRetention retention) {
        return JdbcExecutionHistoryRegistry.builder(dataSource())
                .clock(clock)
                .retention(jobId -> retention)
                .createSchemaIfMissing(true)
                .build();
    }
}
