package io.jobhistory.jdbc;

import io.jobhistory.StoreException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

/** Turns a {@link SQLException} into a {@link StoreException} that says, from the SQLState, whether to retry. */
final class Failures {

    private final Tables tables;
    private final JdbcDialect dialect;

    Failures(Tables tables, JdbcDialect dialect) {
        this.tables = tables;
        this.dialect = dialect;
    }

    StoreException of(String what, SQLException e) {
        String state = state(e);
        if (isUndefinedTable(state)) {
            return new StoreException(what + " failed: table " + missingTable(e) + " does not exist; create the tables"
                    + " with the schema file " + dialect.schemaResource() + " in history-jdbc's jar (prefix '"
                    + tables.prefix + "'), or build the registry with createSchemaIfMissing(true) (SQLState " + state
                    + ": " + e.getMessage() + ")", e, false);
        }
        return new StoreException(what + " failed (SQLState " + state + "): " + e.getMessage(), e, isTransient(e, state));
    }

    /**
     * Whether the same call can succeed later: connection failures (08), serialization failures and deadlocks (40001,
     * 40P01), a server shutting down or starting (57P01-57P03) and timeouts are; constraint violations (23), missing
     * privileges (42501), missing tables and other statement errors (42) and data errors (22) are not. Unknown states
     * count as transient, as {@link StoreException} asks.
     */
    static boolean isTransient(SQLException e, String state) {
        if (state == null || state.length() < 2) {
            return !(e instanceof java.sql.SQLNonTransientException) || e instanceof SQLRecoverableException;
        }
        if (state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.startsWith("57P")
                || state.equals("HYT00") || state.equals("HYT01") || state.equals("53300")) {
            return true;
        }
        if (state.startsWith("23") || state.startsWith("42") || state.startsWith("22") || state.startsWith("28")
                || state.startsWith("0A")) {
            return false;
        }
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || !(e instanceof java.sql.SQLNonTransientException);
    }

    private static boolean isUndefinedTable(String state) {
        return "42P01".equals(state) || "42S02".equals(state);
    }

    private String missingTable(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String table : tables.all()) {
            if (message.contains(table)) {
                return table;
            }
        }
        return String.join(", ", tables.all()).replaceFirst(", ([^,]*)$", " or $1");
    }

    /** The first SQLState along the chain of causes and next exceptions. */
    private static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (s.getSQLState() != null) {
                    return s.getSQLState();
                }
                SQLException next = s.getNextException();
                if (next != null && next.getSQLState() != null) {
                    return next.getSQLState();
                }
            }
        }
        return null;
    }
}
