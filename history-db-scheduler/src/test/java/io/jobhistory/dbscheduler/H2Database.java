package io.jobhistory.dbscheduler;

import io.jobhistory.fixtures.DbSchedulerSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database holding db-scheduler's table, shared by every connection until {@link #close()}. */
final class H2Database implements AutoCloseable {

    final DataSource dataSource;

    H2Database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:db-scheduler-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        this.dataSource = h2;
        execute(DbSchedulerSchema.h2());
    }

    /** Runs one statement, for tests that change db-scheduler's rows behind its back. */
    int execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("H2 refused: " + sql, e);
        }
    }

    @Override
    public void close() {
        execute("shutdown");
    }
}
