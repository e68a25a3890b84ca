package io.jobhistory.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases {@link JdbcExecutionHistoryRegistry} supports. Nearly all of its SQL is common to them; a dialect
 * holds the few statements that differ and names its schema file.
 */
public enum JdbcDialect {
    /** PostgreSQL 13 or later. */
    POSTGRESQL("postgresql", 13),
    /** MariaDB 10.6 or later (MySQL 8 is untested). */
    MARIADB("mariadb", 10),
    /** H2 2.x. */
    H2("h2", 2);

    private final String name;
    private final int minMajor;

    JdbcDialect(String name, int minMajor) {
        this.name = name;
        this.minMajor = minMajor;
    }

    /** Where the schema file of this dialect lives inside the jar, for {@link ClassLoader#getResource}. */
    public String schemaResource() {
        return "io/jobhistory/jdbc/schema/" + name + ".sql";
    }

    /**
     * The dialect of the database {@code metaData} describes.
     *
     * @throws IllegalArgumentException if the database or its version is not supported, naming both
     */
    static JdbcDialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        int major = metaData.getDatabaseMajorVersion();
        int minor = metaData.getDatabaseMinorVersion();
        String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
        JdbcDialect dialect;
        if (lower.contains("postgresql")) {
            dialect = POSTGRESQL;
        } else if (lower.contains("mariadb") || lower.contains("mysql")) {
            dialect = MARIADB;
        } else if (lower.equals("h2")) {
            dialect = H2;
        } else {
            throw new IllegalArgumentException("database '" + product + "' " + major + "." + minor
                    + " is not supported: history-jdbc supports PostgreSQL 13+, MariaDB 10.6+ and H2 2.x");
        }
        boolean tooOld = dialect == MARIADB && lower.contains("mariadb")
                ? major < 10 || (major == 10 && minor < 6) : major < dialect.minMajor;
        if (tooOld) {
            throw new IllegalArgumentException("database '" + product + "' " + major + "." + minor
                    + " is too old: history-jdbc supports PostgreSQL 13+, MariaDB 10.6+ and H2 2.x");
        }
        return dialect;
    }

    /** Inserts the job row {@code (job_key, job_id, expires_at)} unless one exists; the parameters in that order. */
    String insertJobIfAbsent(String jobs) {
        String columns = jobs + " (job_key, job_id, expires_at) VALUES (?, ?, ?)";
        switch (this) {
            case POSTGRESQL:
                return "INSERT INTO " + columns + " ON CONFLICT (job_key) DO NOTHING";
            case MARIADB:
                return "INSERT INTO " + columns + " ON DUPLICATE KEY UPDATE job_key = job_key";
            default:
                // H2: a concurrent insert of the same job fails with a duplicate key, which the caller ignores
                return "INSERT INTO " + columns;
        }
    }

    /** Deletes at most {@code batch} rows of {@code table} whose {@code expires_at} is at or before the parameter. */
    String deleteExpired(String table, String key, int batch) {
        switch (this) {
            case POSTGRESQL:
                return "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                        + " WHERE expires_at <= ? LIMIT " + batch + ")";
            case MARIADB:
                return "DELETE FROM " + table + " WHERE expires_at <= ? LIMIT " + batch;
            default:
                return "DELETE FROM " + table + " WHERE expires_at <= ? FETCH FIRST " + batch + " ROWS ONLY";
        }
    }
}
