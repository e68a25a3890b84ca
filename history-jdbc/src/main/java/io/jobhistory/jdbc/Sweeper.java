package io.jobhistory.jdbc;

import io.jobhistory.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes expired rows of jobs that are no longer saved (a save trims its own job): every {@value #EVERY}th save,
 * after its transaction, at most {@value #BATCH} rows per table, found on the {@code expires_at} indexes, each delete
 * in auto-commit. Its failures are logged, never thrown: the save is done.
 */
final class Sweeper {

    static final int EVERY = 64;
    static final int BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Tables tables;
    private final JdbcDialect dialect;
    private final Connections connections;
    private final AtomicLong saves = new AtomicLong();

    Sweeper(Tables tables, JdbcDialect dialect, Connections connections) {
        this.tables = tables;
        this.dialect = dialect;
        this.connections = connections;
    }

    /** Called after each save. */
    void afterSave(long now) {
        if (saves.incrementAndGet() % EVERY == 0) {
            try {
                sweep(now);
            } catch (StoreException e) {
                LOG.debug("history-jdbc: sweeping expired rows failed; the next sweep tries again", e);
            }
        }
    }

    /** Deletes up to {@value #BATCH} expired rows of each table; returns how many in all. */
    int sweep(long now) {
        return connections.autoCommit("sweeping expired rows", c -> {
            int deleted = 0;
            String[][] targets = {{tables.runs, "exec_key"}, {tables.statistics, "job_key"}, {tables.jobs, "job_key"}};
            for (String[] target : targets) {
                String sql = dialect == JdbcDialect.POSTGRESQL && target[0].equals(tables.statistics)
                        ? "DELETE FROM " + tables.statistics + " WHERE (job_key, granularity, period_start) IN"
                        + " (SELECT job_key, granularity, period_start FROM " + tables.statistics
                        + " WHERE expires_at <= ? LIMIT " + BATCH + ")"
                        : dialect.deleteExpired(target[0], target[1], BATCH);
                try (PreparedStatement delete = connections.prepare(c, sql)) {
                    delete.setLong(1, now);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }
}
