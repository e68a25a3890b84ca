package io.jobhistory.jdbc;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.HistoryCursor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs table: one row per retained run, keyed by its execution id's key, with the record as JSON and the columns
 * reads filter and order by. {@code in_cap} is false for the failed runs kept past the run cap, which only a
 * {@code failed} filter and {@code findById} read. Every read leaves out rows whose {@code expires_at} has passed.
 */
final class RunRows {

    /** Newest first, as {@link ExecutionRecord#NEWEST_FIRST}. */
    static final String ORDER = " ORDER BY start_millis DESC, execution_id DESC";

    private final Tables tables;
    private final Connections connections;

    RunRows(Tables tables, Connections connections) {
        this.tables = tables;
        this.connections = connections;
    }

    /** The stored row of this execution id, locked until the transaction ends; null if there is none. */
    Stored lockStored(Connection c, byte[] executionKey, String executionId) throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT execution_id, job_id, record, expires_at FROM "
                + tables.runs + " WHERE exec_key = ? FOR UPDATE")) {
            select.setBytes(1, executionKey);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Stored(record(rows, executionId), rows.getLong("expires_at")) : null;
            }
        }
    }

    /**
     * Writes {@code record}: an insert if no row of its execution id exists, else an update guarded so that a running
     * record never replaces a finished one that has not expired.
     */
    void write(Connection c, byte[] executionKey, byte[] jobKey, ExecutionRecord record, long expiresAt,
               boolean exists, long now) throws SQLException {
        String sql = exists
                ? "UPDATE " + tables.runs + " SET execution_id = ?, job_key = ?, job_id = ?, start_millis = ?,"
                + " status = ?, deadline_millis = ?, finished = ?, expires_at = ?, record = ?, in_cap = TRUE"
                + " WHERE exec_key = ? AND (finished = FALSE OR ? = TRUE OR expires_at <= ?)"
                : "INSERT INTO " + tables.runs + " (execution_id, job_key, job_id, start_millis, status,"
                + " deadline_millis, finished, expires_at, record, in_cap, exec_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " TRUE, ?)";
        try (PreparedStatement s = connections.prepare(c, sql)) {
            s.setString(1, record.executionId());
            s.setBytes(2, jobKey);
            s.setString(3, record.jobId());
            s.setLong(4, record.startTime().toEpochMilli());
            s.setString(5, record.status().wireName());
            if (record.heartbeatDeadline().isPresent()) {
                s.setLong(6, record.heartbeatDeadline().get().toEpochMilli());
            } else {
                s.setNull(6, Types.BIGINT);
            }
            s.setBoolean(7, record.isFinished());
            s.setLong(8, expiresAt);
            s.setString(9, ExecutionRecordJson.toJson(record));
            s.setBytes(10, executionKey);
            if (exists) {
                s.setBoolean(11, record.isFinished());
                s.setLong(12, now);
            }
            s.executeUpdate();
        }
    }

    /** The retained run with this execution id. */
    Optional<ExecutionRecord> load(Connection c, String executionId, long now) throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT execution_id, job_id, record FROM "
                + tables.runs + " WHERE exec_key = ? AND expires_at > ?")) {
            select.setBytes(1, Keys.of(executionId));
            select.setLong(2, now);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(record(rows, executionId)) : Optional.empty();
            }
        }
    }

    /** The job's newest retained run: one indexed query. */
    Optional<ExecutionRecord> latest(Connection c, String jobId, long now) throws SQLException {
        List<ExecutionRecord> newest = matching(c, jobId, HistoryQuery.latest(1), 1, now);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    /**
     * Up to {@code wanted} of the job's retained runs that match {@code query} seen at {@code now}, newest first: one
     * query on the (job, start) index. Past the run cap only a {@code failed} filter reads.
     */
    List<ExecutionRecord> matching(Connection c, String jobId, HistoryQuery query, int wanted, long now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT execution_id, job_id, record FROM ").append(tables.runs)
                .append(" WHERE job_key = ? AND expires_at > ?");
        List<Object> args = new ArrayList<>(List.of(Keys.of(jobId), now));
        ExecutionStatus status = query.status().orElse(null);
        if (status != ExecutionStatus.FAILED) {
            sql.append(" AND in_cap = TRUE");
        }
        if (status == ExecutionStatus.ABANDONED) {
            sql.append(" AND status = 'running' AND deadline_millis < ?");
            args.add(now);
        } else if (status == ExecutionStatus.RUNNING) {
            sql.append(" AND status = 'running' AND (deadline_millis IS NULL OR deadline_millis >= ?)");
            args.add(now);
        } else if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.wireName());
        }
        if (query.from().isPresent()) {
            sql.append(" AND start_millis >= ?");
            args.add(query.from().get().toEpochMilli());
        }
        if (query.to().isPresent()) {
            sql.append(" AND start_millis < ?");
            args.add(query.to().get().toEpochMilli());
        }
        HistoryCursor cursor = HistoryCursor.of(query).orElse(null);
        if (cursor != null) {
            sql.append(" AND (start_millis < ? OR (start_millis = ? AND execution_id < ?))");
            args.add(cursor.startMillis());
            args.add(cursor.startMillis());
            args.add(cursor.executionId());
        }
        sql.append(ORDER);
        if (wanted != Integer.MAX_VALUE) {
            sql.append(" LIMIT ").append(wanted);
        }
        try (PreparedStatement select = connections.prepare(c, sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof byte[] bytes) {
                    select.setBytes(i + 1, bytes);
                } else if (arg instanceof Long value) {
                    select.setLong(i + 1, value);
                } else {
                    select.setString(i + 1, (String) arg);
                }
            }
            List<ExecutionRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(record(rows, null));
                }
            }
            return records;
        }
    }

    /** Deletes the job's runs and returns how many had not expired. */
    int deleteJob(Connection c, byte[] jobKey, long now) throws SQLException {
        try (PreparedStatement expired = connections.prepare(c, "DELETE FROM " + tables.runs
                + " WHERE job_key = ? AND expires_at <= ?");
             PreparedStatement live = connections.prepare(c, "DELETE FROM " + tables.runs + " WHERE job_key = ?")) {
            expired.setBytes(1, jobKey);
            expired.setLong(2, now);
            expired.executeUpdate();
            live.setBytes(1, jobKey);
            return live.executeUpdate();
        }
    }

    /** Deletes the job's run with this execution id and returns whether it had not expired. */
    boolean deleteOne(Connection c, byte[] jobKey, byte[] executionKey, long now) throws SQLException {
        try (PreparedStatement delete = connections.prepare(c, "DELETE FROM " + tables.runs
                + " WHERE exec_key = ? AND job_key = ? AND expires_at > ?");
             PreparedStatement expired = connections.prepare(c, "DELETE FROM " + tables.runs
                     + " WHERE exec_key = ? AND job_key = ?")) {
            delete.setBytes(1, executionKey);
            delete.setBytes(2, jobKey);
            delete.setLong(3, now);
            boolean deleted = delete.executeUpdate() > 0;
            if (!deleted) {
                expired.setBytes(1, executionKey);
                expired.setBytes(2, jobKey);
                expired.executeUpdate();
            }
            return deleted;
        }
    }

    /** The ids of the jobs with a retained run: the jobs table, each checked on the (job, start) index. */
    List<String> jobIds(Connection c, long now) throws SQLException {
        try (PreparedStatement select = connections.prepare(c, "SELECT job_id FROM " + tables.jobs + " j WHERE EXISTS"
                + " (SELECT 1 FROM " + tables.runs + " r WHERE r.job_key = j.job_key AND r.expires_at > ?)")) {
            select.setLong(1, now);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** The record of the current row; {@code executionId}, if given, is the id the row was looked up by. */
    private ExecutionRecord record(ResultSet row, String executionId) throws SQLException {
        String storedId = row.getString("execution_id");
        try {
            ExecutionRecord record = ExecutionRecordJson.fromJson(row.getString("record"));
            if (!record.executionId().equals(storedId) || (executionId != null && !executionId.equals(storedId))
                    || !record.jobId().equals(row.getString("job_id"))) {
                throw new IllegalStateException("the record's ids (" + record.executionId() + ", job '"
                        + record.jobId() + "') are not the row's");
            }
            return record;
        } catch (RuntimeException e) {
            throw BadData.of(tables.runs, String.valueOf(storedId), e);
        }
    }

    /** A stored row: its record, and when it expires. */
    record Stored(ExecutionRecord record, long expiresAt) {
        boolean live(long now) {
            return expiresAt > now;
        }
    }
}
