package io.jobhistory.jdbc;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.json.ExecutionRecordJson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs table: one row per job with its {@link JobRecord}. A save locks its job's row first, so saves of one job
 * are serialized and the job record, statistics and retention follow one another in order.
 */
final class JobRows {

    private static final String COLUMNS = "job_id, job_name, last_run, last_error, last_error_execution_id,"
            + " last_error_start_millis, last_success_millis, last_failure_millis, n_success, n_partial, n_failed,"
            + " n_skipped";

    private final Tables tables;
    private final JdbcDialect dialect;
    private final Connections connections;

    JobRows(Tables tables, JdbcDialect dialect, Connections connections) {
        this.tables = tables;
        this.dialect = dialect;
        this.connections = connections;
    }

    /** The job's row, created if missing, locked until the transaction ends. */
    Locked lock(Connection c, byte[] key, String jobId, long expiresAt) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (PreparedStatement insert = connections.prepare(c, dialect.insertJobIfAbsent(tables.jobs))) {
                insert.setBytes(1, key);
                insert.setString(2, jobId);
                insert.setLong(3, expiresAt);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (dialect != JdbcDialect.H2 || !"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // H2: another transaction inserted the row first; it is there now
            }
            Locked locked = lockExisting(c, key, jobId);
            if (locked != null) {
                return locked;
            }
            // expired and swept between the insert and the lock: insert again
        }
        throw new SQLException("the row of job '" + jobId + "' in " + tables.jobs + " vanished three times while"
                + " being locked", "40001");
    }

    /** The job's row locked until the transaction ends, or null if it has none. */
    Locked lockExisting(Connection c, byte[] key, String jobId) throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT " + COLUMNS + " FROM " + tables.jobs
                + " WHERE job_key = ? FOR UPDATE")) {
            select.setBytes(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Locked(read(rows, jobId)) : null;
            }
        }
    }

    /** Writes {@code record} and the new expiry to the job's (locked) row. */
    void update(Connection c, byte[] key, JobRecord record, long expiresAt) throws SQLException {
        try (PreparedStatement update = connections.prepare(c, "UPDATE " + tables.jobs + " SET job_name = ?,"
                + " last_run = ?, last_error = ?, last_error_execution_id = ?, last_error_start_millis = ?,"
                + " last_success_millis = ?, last_failure_millis = ?, n_success = ?, n_partial = ?, n_failed = ?,"
                + " n_skipped = ?, expires_at = ? WHERE job_key = ?")) {
            update.setString(1, record.jobName());
            setString(update, 2, record.lastRun().map(ExecutionRecordJson::toJson).orElse(null));
            setString(update, 3, record.lastError().orElse(null));
            setString(update, 4, record.lastErrorExecutionId().orElse(null));
            setMillis(update, 5, record.lastErrorStartTime().orElse(null));
            setMillis(update, 6, record.lastSuccessTime().orElse(null));
            setMillis(update, 7, record.lastFailureTime().orElse(null));
            update.setLong(8, record.finishedCounts().get(ExecutionStatus.SUCCESS));
            update.setLong(9, record.finishedCounts().get(ExecutionStatus.PARTIAL_SUCCESS));
            update.setLong(10, record.finishedCounts().get(ExecutionStatus.FAILED));
            update.setLong(11, record.finishedCounts().get(ExecutionStatus.SKIPPED));
            update.setLong(12, expiresAt);
            update.setBytes(13, key);
            update.executeUpdate();
        }
    }

    /** Deletes the job's row. */
    void delete(Connection c, byte[] key) throws SQLException {
        try (PreparedStatement delete = connections.prepare(c, "DELETE FROM " + tables.jobs + " WHERE job_key = ?")) {
            delete.setBytes(1, key);
            delete.executeUpdate();
        }
    }

    /**
     * The job records of {@code jobIds} that have one and a run not expired at {@code now}, in the order given: one
     * query per 500 jobs.
     */
    List<JobRecord> read(Connection c, List<String> jobIds, long now) throws SQLException {
        List<JobRecord> found = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += 500) {
            List<String> chunk = jobIds.subList(from, Math.min(jobIds.size(), from + 500));
            java.util.Map<String, JobRecord> byId = new java.util.HashMap<>();
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connections.prepare(c, "SELECT " + COLUMNS + " FROM " + tables.jobs
                    + " j WHERE job_key IN (" + marks + ") AND job_name IS NOT NULL AND EXISTS (SELECT 1 FROM "
                    + tables.runs + " r WHERE r.job_key = j.job_key AND r.expires_at > ?)")) {
                int i = 1;
                for (String jobId : chunk) {
                    select.setBytes(i++, Keys.of(jobId));
                }
                select.setLong(i, now);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String jobId = rows.getString("job_id");
                        byId.put(jobId, read(rows, jobId));
                    }
                }
            }
            for (String jobId : chunk) {
                JobRecord record = byId.get(jobId);
                if (record != null) {
                    found.add(record);
                }
            }
        }
        return found;
    }

    /** The row's job record, null if the row holds none yet. */
    private JobRecord read(ResultSet row, String jobId) throws SQLException {
        String storedId = row.getString("job_id");
        String name = row.getString("job_name");
        if (name == null) {
            return null;
        }
        try {
            if (!jobId.equals(storedId)) {
                throw new IllegalStateException("job id '" + storedId + "' stored under the key of '" + jobId + "'");
            }
            JobRecord.Builder b = JobRecord.builder(jobId, name);
            String lastRun = row.getString("last_run");
            if (lastRun != null) {
                ExecutionRecord run = ExecutionRecordJson.fromJson(lastRun);
                b.lastRun(run);
            }
            String error = row.getString("last_error");
            if (error != null) {
                b.lastError(error, row.getString("last_error_execution_id"),
                        Instant.ofEpochMilli(row.getLong("last_error_start_millis")));
            }
            Instant success = millis(row, "last_success_millis");
            if (success != null) {
                b.lastSuccessTime(success);
            }
            Instant failure = millis(row, "last_failure_millis");
            if (failure != null) {
                b.lastFailureTime(failure);
            }
            b.finishedCount(ExecutionStatus.SUCCESS, row.getLong("n_success"));
            b.finishedCount(ExecutionStatus.PARTIAL_SUCCESS, row.getLong("n_partial"));
            b.finishedCount(ExecutionStatus.FAILED, row.getLong("n_failed"));
            b.finishedCount(ExecutionStatus.SKIPPED, row.getLong("n_skipped"));
            return b.build();
        } catch (RuntimeException e) {
            throw BadData.of(tables.jobs, jobId, e);
        }
    }

    private static Instant millis(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setString(PreparedStatement s, int i, String value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.VARCHAR);
        } else {
            s.setString(i, value);
        }
    }

    private static void setMillis(PreparedStatement s, int i, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, value.toEpochMilli());
        }
    }

    /** A locked job row: its record, null until the job's first accepted save. */
    record Locked(JobRecord record) {
    }
}
