package io.jobhistory.jdbc;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobStatistics;
import io.jobhistory.spi.JobRecordRules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics table: one row per job, granularity ({@code H} or {@code D}) and period. Each row expires when
 * {@link JobRecordRules#oldestHourKept} or {@link JobRecordRules#oldestDayKept} passes it: an hour 48 hours after
 * it began, a day one day plus the time to live after it began. Written under the job's row lock.
 */
final class StatisticsRows {

    private static final String COLUMNS = "period_start, n_success, n_partial, n_failed, n_skipped, total_millis,"
            + " max_millis, histogram, expires_at";

    private final Tables tables;
    private final Connections connections;

    StatisticsRows(Tables tables, Connections connections) {
        this.tables = tables;
        this.connections = connections;
    }

    /** Counts {@code finished} in its hour and day, and drops the job's periods no longer kept. */
    void count(Connection c, byte[] key, String jobId, ExecutionRecord finished, Duration timeToLive, long now)
            throws SQLException {
        for (JobStatistics.Granularity granularity : JobStatistics.Granularity.values()) {
            Instant start = granularity.periodOf(finished.startTime());
            long expiresAt = expiry(granularity, start, timeToLive);
            if (expiresAt <= now) {
                continue; // counted in a period already gone
            }
            Row current = select(c, key, jobId, granularity, start);
            JobStatistics.Period counted = JobRecordRules.count(
                    current == null || current.expiresAt <= now ? null : current.period, start, finished);
            write(c, key, granularity, counted, expiresAt, current != null);
        }
        try (PreparedStatement delete = connections.prepare(c, "DELETE FROM " + tables.statistics
                + " WHERE job_key = ? AND expires_at <= ?")) {
            delete.setBytes(1, key);
            delete.setLong(2, now);
            delete.executeUpdate();
        }
    }

    /** The job's periods of {@code granularity} from {@code from} to {@code to} that are kept at {@code now}. */
    List<JobStatistics.Period> read(Connection c, byte[] key, String jobId, JobStatistics.Granularity granularity,
                                    long from, long to, long now) throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT " + COLUMNS + " FROM " + tables.statistics
                + " WHERE job_key = ? AND granularity = ? AND period_start >= ? AND period_start < ? AND expires_at > ?"
                + " ORDER BY period_start")) {
            select.setBytes(1, key);
            select.setString(2, code(granularity));
            select.setLong(3, from);
            select.setLong(4, to);
            select.setLong(5, now);
            List<JobStatistics.Period> periods = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    periods.add(period(rows, jobId));
                }
            }
            return periods;
        }
    }

    void delete(Connection c, byte[] key) throws SQLException {
        try (PreparedStatement delete = connections.prepare(c, "DELETE FROM " + tables.statistics
                + " WHERE job_key = ?")) {
            delete.setBytes(1, key);
            delete.executeUpdate();
        }
    }

    /** When a period stops being kept: the first instant its start is before the oldest period kept. */
    static long expiry(JobStatistics.Granularity granularity, Instant start, Duration timeToLive) {
        return granularity == JobStatistics.Granularity.HOUR
                ? start.toEpochMilli() + Duration.ofHours(JobStatistics.HOURS_KEPT).toMillis()
                : start.toEpochMilli() + granularity.length().toMillis() + timeToLive.toMillis();
    }

    private Row select(Connection c, byte[] key, String jobId, JobStatistics.Granularity granularity, Instant start)
            throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT " + COLUMNS + " FROM " + tables.statistics
                + " WHERE job_key = ? AND granularity = ? AND period_start = ?")) {
            select.setBytes(1, key);
            select.setString(2, code(granularity));
            select.setLong(3, start.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Row(period(rows, jobId), rows.getLong("expires_at")) : null;
            }
        }
    }

    private void write(Connection c, byte[] key, JobStatistics.Granularity granularity, JobStatistics.Period p,
                       long expiresAt, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE " + tables.statistics + " SET n_success = ?, n_partial = ?, n_failed = ?, n_skipped = ?,"
                + " total_millis = ?, max_millis = ?, histogram = ?, expires_at = ?"
                + " WHERE job_key = ? AND granularity = ? AND period_start = ?"
                : "INSERT INTO " + tables.statistics + " (n_success, n_partial, n_failed, n_skipped, total_millis,"
                + " max_millis, histogram, expires_at, job_key, granularity, period_start)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = connections.prepare(c, sql)) {
            s.setLong(1, p.counts().get(ExecutionStatus.SUCCESS));
            s.setLong(2, p.counts().get(ExecutionStatus.PARTIAL_SUCCESS));
            s.setLong(3, p.counts().get(ExecutionStatus.FAILED));
            s.setLong(4, p.counts().get(ExecutionStatus.SKIPPED));
            s.setLong(5, p.totalDuration().toMillis());
            s.setLong(6, p.maxDuration().toMillis());
            StringBuilder histogram = new StringBuilder();
            for (long bucket : p.histogram()) {
                histogram.append(histogram.length() == 0 ? "" : ",").append(bucket);
            }
            s.setString(7, histogram.toString());
            s.setLong(8, expiresAt);
            s.setBytes(9, key);
            s.setString(10, code(granularity));
            s.setLong(11, p.start().toEpochMilli());
            s.executeUpdate();
        }
    }

    private JobStatistics.Period period(ResultSet row, String jobId) throws SQLException {
        long start = row.getLong("period_start");
        try {
            Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
            counts.put(ExecutionStatus.SUCCESS, row.getLong("n_success"));
            counts.put(ExecutionStatus.PARTIAL_SUCCESS, row.getLong("n_partial"));
            counts.put(ExecutionStatus.FAILED, row.getLong("n_failed"));
            counts.put(ExecutionStatus.SKIPPED, row.getLong("n_skipped"));
            List<Long> histogram = new ArrayList<>();
            for (String bucket : row.getString("histogram").split(",", -1)) {
                histogram.add(Long.parseLong(bucket));
            }
            return new JobStatistics.Period(Instant.ofEpochMilli(start), counts,
                    Duration.ofMillis(row.getLong("total_millis")), Duration.ofMillis(row.getLong("max_millis")),
                    histogram);
        } catch (RuntimeException e) {
            throw BadData.of(tables.statistics, jobId + "' period '" + Instant.ofEpochMilli(start), e);
        }
    }

    private static String code(JobStatistics.Granularity granularity) {
        return granularity == JobStatistics.Granularity.HOUR ? "H" : "D";
    }

    private record Row(JobStatistics.Period period, long expiresAt) {
    }
}
