package io.jobhistory.dbscheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        execute(schema());
    }

    /** Runs one statement, for tests that change db-scheduler's rows behind its back. */
    int execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("H2 refused: " + sql, e);
        }
    }

    private static String schema() {
        try (InputStream in = H2Database.class.getResourceAsStream("/db-scheduler-h2.sql")) {
            if (in == null) {
                throw new IllegalStateException("db-scheduler-h2.sql is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        execute("shutdown");
    }
}
