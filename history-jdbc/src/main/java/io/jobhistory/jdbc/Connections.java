package io.jobhistory.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs work on a connection of the application's {@link DataSource}, never inside the application's transaction:
 * writes take a connection of their own, run in a transaction of their own at READ COMMITTED, and give the
 * connection back with its auto-commit and isolation as they were; reads run in auto-commit. Every statement has the
 * registry's query timeout.
 */
final class Connections {

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final int timeoutSeconds;
    private final Failures failures;

    Connections(DataSource dataSource, Duration queryTimeout, Failures failures) {
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds()));
        this.failures = failures;
    }

    /** A prepared statement with the query timeout set. */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(timeoutSeconds);
        return statement;
    }

    /** Runs {@code work} in one transaction of its own, committed at the end and rolled back on any failure. */
    <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            try {
                connection.setAutoCommit(false);
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                restore(connection, autoCommit, isolation);
            }
        } catch (SQLException e) {
            throw failures.of(what, e);
        }
    }

    /** Runs {@code work} in auto-commit: each statement its own transaction. */
    <T> T autoCommit(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                return work.run(connection);
            } finally {
                if (!autoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            throw failures.of(what, e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit, int isolation) throws SQLException {
        if (isolation != Connection.TRANSACTION_READ_COMMITTED && isolation != Connection.TRANSACTION_NONE) {
            connection.setTransactionIsolation(isolation);
        }
        connection.setAutoCommit(autoCommit);
    }
}
