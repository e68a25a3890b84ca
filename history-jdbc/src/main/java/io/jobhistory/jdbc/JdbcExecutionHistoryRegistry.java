package io.jobhistory.jdbc;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobRecord;
import io.jobhistory.JobRetention;
import io.jobhistory.JobStatistics;
import io.jobhistory.StoreException;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.JobRecordRules;
import io.jobhistory.spi.RecordRules;
import io.jobhistory.spi.Retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * An {@link io.jobhistory.ExecutionHistoryRegistry} in a relational database, over plain JDBC on the application's
 * {@link DataSource}: PostgreSQL 13+, MariaDB 10.6+ or H2 2.x, in three tables created from the schema file of the
 * dialect ({@link JdbcDialect#schemaResource()}). Same semantics as every backend.
 *
 * <pre>{@code
 * ExecutionHistoryRegistry registry = JdbcExecutionHistoryRegistry.builder(dataSource).build();
 * }</pre>
 *
 * <p>A save runs in a transaction of its own on a connection of its own, never in the application's: give it the
 * pool itself, not a transaction-aware proxy. Saves of one job are serialized by a lock on the job's row; saves of
 * different jobs never wait for each other. Failures are {@link StoreException}s that say whether a retry can
 * help. Setup, schema, round trips and retention bounds:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/jdbc.md">docs/jdbc.md</a>. Thread-safe.
 */
public final class JdbcExecutionHistoryRegistry extends AbstractExecutionHistoryRegistry {

    /** The table prefix unless configured otherwise. */
    public static final String DEFAULT_TABLE_PREFIX = "jobhistory_";
    /** How long one statement may take unless configured otherwise: 30 s. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    private final JdbcDialect dialect;
    private final Tables tables;
    private final Function<String, JobRetention> retention;
    private final ConcurrentMap<String, JobRetention> retentionByJob = new ConcurrentHashMap<>();
    private final Connections connections;
    private final RunRows runs;
    private final JobRows jobs;
    private final StatisticsRows statistics;
    private final Trim trim;
    private final Sweeper sweeper;

    private JdbcExecutionHistoryRegistry(Builder b, JdbcDialect dialect) {
        super(b.clock);
        this.dialect = dialect;
        this.tables = new Tables(b.tablePrefix);
        JobRetention all = new JobRetention(b.maxRunsPerJob, b.maxFailuresPerJob, b.timeToLive);
        this.retention = b.retention == null ? jobId -> all : b.retention;
        this.connections = new Connections(b.dataSource, b.queryTimeout, new Failures(tables, dialect));
        this.runs = new RunRows(tables, connections);
        this.jobs = new JobRows(tables, dialect, connections);
        this.statistics = new StatisticsRows(tables, connections);
        this.trim = new Trim(tables, connections);
        this.sweeper = new Sweeper(tables, dialect, connections);
    }

    /** A builder over {@code dataSource}, with the defaults. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The dialect in use, detected or set. */
    public JdbcDialect dialect() {
        return dialect;
    }

    @Override
    protected void store(ExecutionRecord record) {
        long now = clock().millis();
        connections.inTransaction("saving run '" + record.executionId() + "' of job '" + record.jobId() + "'",
                c -> {
                    write(c, record, now);
                    return null;
                });
        sweeper.afterSave(now);
    }

    /** One transaction for the batch; records grouped by job (in order within each job), so batches never deadlock. */
    @Override
    protected void storeAll(List<ExecutionRecord> records) {
        long now = clock().millis();
        List<ExecutionRecord> byJob = new ArrayList<>(records);
        byJob.sort(Comparator.comparing(r -> Keys.of(r.jobId()), Arrays::compareUnsigned));
        connections.inTransaction("saving " + records.size() + " runs", c -> {
            for (ExecutionRecord record : byJob) {
                write(c, record, now);
            }
            return null;
        });
        sweeper.afterSave(now);
    }

    /** The save of one record, in the caller's transaction: lock the job, upsert the run, job record, statistics, trim. */
    private void write(Connection c, ExecutionRecord record, long now) throws SQLException {
        JobRetention kept = retentionOf(record.jobId());
        long expiresAt = now + kept.timeToLive().toMillis();
        byte[] jobKey = Keys.of(record.jobId());
        byte[] executionKey = Keys.of(record.executionId());
        JobRows.Locked job = jobs.lock(c, jobKey, record.jobId(), expiresAt);
        RunRows.Stored stored = runs.lockStored(c, executionKey, record.executionId());
        ExecutionRecord live = stored != null && stored.live(now) ? stored.record() : null;
        if (live != null && RecordRules.isRefused(live, record)) {
            return;
        }
        runs.write(c, executionKey, jobKey, record, expiresAt, stored != null, now);
        boolean firstFinish = JobRecordRules.isFirstFinish(live, record);
        jobs.update(c, jobKey, JobRecordRules.apply(job.record(), record, firstFinish), expiresAt);
        if (firstFinish) {
            statistics.count(c, jobKey, record.jobId(), record, kept.timeToLive(), now);
        }
        trim.apply(c, jobKey, kept, now);
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        long now = clock().millis();
        return connections.autoCommit("reading run '" + executionId + "'", c -> runs.load(c, executionId, now));
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        long now = clock().millis();
        return connections.autoCommit("reading the latest run of job '" + jobId + "'",
                c -> runs.latest(c, jobId, now));
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        return connections.autoCommit("reading the history of job '" + jobId + "'",
                c -> runs.matching(c, jobId, query, wanted, now.toEpochMilli()));
    }

    @Override
    public Set<String> findJobIds() {
        long now = clock().millis();
        return new HashSet<>(connections.autoCommit("reading the job ids", c -> runs.jobIds(c, now)));
    }

    @Override
    protected int delete(String jobId) {
        long now = clock().millis();
        byte[] jobKey = Keys.of(jobId);
        return connections.inTransaction("deleting the history of job '" + jobId + "'", c -> {
            jobs.lockExisting(c, jobKey, jobId);
            int deleted = runs.deleteJob(c, jobKey, now);
            statistics.delete(c, jobKey);
            jobs.delete(c, jobKey);
            return deleted;
        });
    }

    @Override
    protected boolean deleteRecord(String jobId, String executionId) {
        long now = clock().millis();
        byte[] jobKey = Keys.of(jobId);
        return connections.inTransaction("deleting run '" + executionId + "' of job '" + jobId + "'", c -> {
            JobRows.Locked job = jobs.lockExisting(c, jobKey, jobId);
            boolean deleted = runs.deleteOne(c, jobKey, Keys.of(executionId), now);
            if (job != null) {
                trim.apply(c, jobKey, retentionOf(jobId), now);
                JobRecord record = job.record();
                JobRecord after = JobRecordRules.afterDelete(record, executionId,
                        record == null ? null : runs.latest(c, jobId, now).orElse(null));
                if (after != record) {
                    jobs.update(c, jobKey, after, now + retentionOf(jobId).timeToLive().toMillis());
                }
            }
            return deleted;
        });
    }

    @Override
    protected List<JobRecord> loadJobRecords(List<String> jobIds) {
        long now = clock().millis();
        return connections.autoCommit("reading job records", c -> jobs.read(c, jobIds, now));
    }

    @Override
    protected List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                        Instant from, Instant to) {
        long now = clock().millis();
        return connections.autoCommit("reading the statistics of job '" + jobId + "'",
                c -> statistics.read(c, Keys.of(jobId), jobId, granularity, from.toEpochMilli(), to.toEpochMilli(),
                        now));
    }

    /**
     * Deletes up to 100 expired rows of each table now, as saves do every {@value Sweeper#EVERY} saves; returns how
     * many. For a scheduled clean-up where saves are rare.
     */
    public int sweepExpired() {
        return sweeper.sweep(clock().millis());
    }

    @Override
    public String toString() {
        return "JdbcExecutionHistoryRegistry{" + dialect + ", tables " + tables.prefix + "*}";
    }

    private JobRetention retentionOf(String jobId) {
        return retentionByJob.computeIfAbsent(jobId, id -> Objects.requireNonNull(retention.apply(id),
                "retention returned null for job '" + id + "'"));
    }

    /** Builds a {@link JdbcExecutionHistoryRegistry}; each setter validates at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private int maxRunsPerJob = Retention.DEFAULT_MAX_RUNS_PER_JOB;
        private int maxFailuresPerJob = JobRetention.DEFAULT_MAX_FAILURES;
        private Duration timeToLive = Retention.DEFAULT_TIME_TO_LIVE;
        private Function<String, JobRetention> retention;
        private Clock clock = Clock.systemUTC();
        private boolean createSchemaIfMissing;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /** The database's dialect. Default: detected from the connection's {@link java.sql.DatabaseMetaData}. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /**
         * The prefix of the three tables' names ({@code <prefix>runs}, {@code <prefix>jobs},
         * {@code <prefix>statistics}). Default {@value #DEFAULT_TABLE_PREFIX}.
         *
         * @throws IllegalArgumentException unless lower-case ASCII letters, digits and {@code _}, not starting with a
         *                                  digit, at most 40 characters (or empty)
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = Tables.checkPrefix(tablePrefix);
            return this;
        }

        /**
         * How many runs each job keeps, newest by start time. Default 100.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxRunsPerJob(int maxRunsPerJob) {
            this.maxRunsPerJob = Retention.checkMaxRunsPerJob(maxRunsPerJob);
            return this;
        }

        /**
         * How many of each job's newest failed runs are kept beyond {@link #maxRunsPerJob}. Default
         * {@value JobRetention#DEFAULT_MAX_FAILURES}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxFailuresPerJob(int maxFailuresPerJob) {
            if (maxFailuresPerJob < 0) {
                throw new IllegalArgumentException("maxFailuresPerJob must be 0 or more, but was " + maxFailuresPerJob);
            }
            this.maxFailuresPerJob = maxFailuresPerJob;
            return this;
        }

        /**
         * How long a record is kept after its last save. Default 30 days.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = Retention.checkTimeToLive(timeToLive);
            return this;
        }

        /**
         * Retention per job, by job id, instead of {@link #maxRunsPerJob}, {@link #maxFailuresPerJob} and
         * {@link #timeToLive} for all: asked once per job and registry.
         */
        public Builder retention(Function<String, JobRetention> retentionByJobId) {
            this.retention = Objects.requireNonNull(retentionByJobId, "retention must not be null");
            return this;
        }

        /** The clock expiry and abandoned runs are measured with. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Whether {@link #build()} creates the tables and indexes that are missing, by running the dialect's schema
         * file (which needs the CREATE privilege). Default false: the tables come from your migrations.
         */
        public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
            this.createSchemaIfMissing = createSchemaIfMissing;
            return this;
        }

        /**
         * How long one statement may run ({@link java.sql.Statement#setQueryTimeout}). Default 30 s.
         *
         * @throws IllegalArgumentException if shorter than 1 s
         */
        public Builder queryTimeout(Duration queryTimeout) {
            Objects.requireNonNull(queryTimeout, "queryTimeout must not be null");
            if (queryTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("queryTimeout must be at least 1 s, but was " + queryTimeout);
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * Builds the registry; connects only to detect the dialect (when none is set) and to create the schema (when
         * asked to).
         *
         * @throws IllegalArgumentException if the database is not supported, naming it and its version
         * @throws StoreException           if the database cannot be reached or the schema cannot be created
         */
        public JdbcExecutionHistoryRegistry build() {
            if (dialect != null && !createSchemaIfMissing) {
                return new JdbcExecutionHistoryRegistry(this, dialect);
            }
            try (Connection connection = dataSource.getConnection()) {
                JdbcDialect detected = dialect != null ? dialect : JdbcDialect.detect(connection.getMetaData());
                if (createSchemaIfMissing) {
                    boolean autoCommit = connection.getAutoCommit();
                    connection.setAutoCommit(true);
                    try {
                        SchemaFile.create(connection, detected, tablePrefix);
                    } finally {
                        connection.setAutoCommit(autoCommit);
                    }
                }
                return new JdbcExecutionHistoryRegistry(this, detected);
            } catch (SQLException e) {
                throw new StoreException("history-jdbc could not " + (createSchemaIfMissing
                        ? "create its tables (prefix '" + tablePrefix + "')" : "detect the database's dialect")
                        + ": " + e.getMessage(), e, Failures.isTransient(e, e.getSQLState()));
            }
        }
    }
}
