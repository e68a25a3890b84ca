package io.jobhistory.jdbc;

import io.jobhistory.JobRetention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Retention of one job, under its row lock, in work bounded by the job's caps: deletes its expired runs, reads the
 * keys of its newest {@code maxRuns + maxFailures + 1} runs in order (the (job, start) index), keeps the first
 * {@code maxRuns} in the cap and the newest failed ones after them up to {@code maxFailures} failures in all (as the
 * in-memory backend does), and deletes the rest. Only when that read comes back full (the caps were lowered) are the
 * job's older runs deleted by one range delete.
 */
final class Trim {

    private final Tables tables;
    private final Connections connections;

    Trim(Tables tables, Connections connections) {
        this.tables = tables;
        this.connections = connections;
    }

    void apply(Connection c, byte[] jobKey, JobRetention retention, long now) throws SQLException {
        try (PreparedStatement expired = connections.prepare(c, "DELETE FROM " + tables.runs
                + " WHERE job_key = ? AND expires_at <= ?")) {
            expired.setBytes(1, jobKey);
            expired.setLong(2, now);
            expired.executeUpdate();
        }
        long limit = (long) retention.maxRuns() + retention.maxFailures() + 1;
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connections.prepare(c, "SELECT exec_key, status, in_cap, start_millis FROM "
                + tables.runs + " WHERE job_key = ?" + RunRows.ORDER + " LIMIT " + limit)) {
            select.setBytes(1, jobKey);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getBytes(1), "failed".equals(result.getString(2)), result.getBoolean(3),
                            result.getLong(4)));
                }
            }
        }
        List<byte[]> toCap = new ArrayList<>();
        List<byte[]> pastCap = new ArrayList<>();
        List<byte[]> toDelete = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (i < retention.maxRuns()) {
                failures += row.failed ? 1 : 0;
                if (!row.inCap) {
                    toCap.add(row.key);
                }
            } else if (row.failed && failures < retention.maxFailures()) {
                failures++;
                if (row.inCap) {
                    pastCap.add(row.key);
                }
            } else {
                toDelete.add(row.key);
            }
        }
        update(c, "UPDATE " + tables.runs + " SET in_cap = TRUE WHERE exec_key = ?", toCap);
        update(c, "UPDATE " + tables.runs + " SET in_cap = FALSE WHERE exec_key = ?", pastCap);
        update(c, "DELETE FROM " + tables.runs + " WHERE exec_key = ?", toDelete);
        if (rows.size() == limit) {
            deleteOlder(c, jobKey, rows.get(rows.size() - 1));
        }
    }

    /** Deletes the job's runs after {@code last} in newest-first order. */
    private void deleteOlder(Connection c, byte[] jobKey, Row last) throws SQLException {
        String lastId;
        try (PreparedStatement select = connections.prepare(c, "SELECT execution_id FROM " + tables.runs
                + " WHERE exec_key = ?")) {
            select.setBytes(1, last.key);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return;
                }
                lastId = result.getString(1);
            }
        }
        try (PreparedStatement delete = connections.prepare(c, "DELETE FROM " + tables.runs + " WHERE job_key = ?"
                + " AND (start_millis < ? OR (start_millis = ? AND execution_id < ?))")) {
            delete.setBytes(1, jobKey);
            delete.setLong(2, last.startMillis);
            delete.setLong(3, last.startMillis);
            delete.setString(4, lastId);
            delete.executeUpdate();
        }
    }

    private void update(Connection c, String sql, List<byte[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement s = connections.prepare(c, sql)) {
            for (byte[] key : keys) {
                s.setBytes(1, key);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private record Row(byte[] key, boolean failed, boolean inCap, long startMillis) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Arrays.equals(key, r.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "Row{" + startMillis + "}";
        }
    }
}
