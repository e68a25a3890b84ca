package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.JobRecord;
import io.jobhistory.JobRetention;
import io.jobhistory.JobStatistics;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * An {@link ExecutionHistoryRegistry} in Redis, on a {@link UnifiedJedis} the application configured
 * ({@code RedisClient}, {@code JedisPooled}, {@code RedisClusterClient}), so pooling, TLS, ACL users and timeouts are
 * the application's choice. Works on a single server and on Redis Cluster through the same class.
 *
 * <h2>Keys</h2>
 * With the default prefix {@code scheduler}: {@code scheduler:execution_history:<execution id>} holds a record's JSON
 * ({@link ExecutionRecordJson}), expiring {@linkplain Builder#timeToLive time to live} after its last save;
 * {@code scheduler:job_history_index:<job id>} is a sorted set of the job's execution ids scored by start time (epoch
 * ms); {@code scheduler:job_ids} a sorted set of job ids scored by when their newest save expires. Ids are
 * percent-encoded outside {@code [A-Za-z0-9._-]}, so no id can reach another job's keys; keys have no braces, so on a
 * cluster they spread over all nodes.
 *
 * <h2>Retention and cost</h2>
 * Retention takes one of three paths (a script, a trim in steps on a single server, a trim at every save on a
 * cluster), compared in {@code docs/redis.md#retention-three-paths-side-by-side}; the round trips of every call on
 * both topologies are in {@code docs/redis.md#round-trips-per-call}. Scripts run by EVALSHA; after a script cache
 * flush the first call falls back to EVAL.
 *
 * <h2>Failures</h2>
 * Calls are bounded by the client's timeouts; a failure is counted ({@link #failureCount()}), logged once per outage
 * and thrown promptly as {@link RedisHistoryException}, whose cause is the socket error or the server's reply. The
 * first call after a server restart succeeds on a client this registry created, and on an application's own client
 * with the pool settings in {@code docs/redis.md#after-a-server-restart}. A stored value that is not a valid record,
 * or a key of the wrong type, is skipped with a warning.
 *
 * <p>Thread-safe. {@link #close()} closes the client only if this registry created it ({@link #create(String)}).
 */
public final class RedisExecutionHistoryRegistry extends AbstractExecutionHistoryRegistry {

    /** Default key prefix: {@value}. */
    public static final String DEFAULT_KEY_PREFIX = "scheduler";
    /** Default number of runs kept per job: {@value}. */
    public static final int DEFAULT_MAX_RUNS_PER_JOB = Retention.DEFAULT_MAX_RUNS_PER_JOB;
    /** Default time to live of a record, counted from its last save: 30 days. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Retention.DEFAULT_TIME_TO_LIVE;

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);

    private final UnifiedJedis jedis;
    private final boolean ownsClient;
    private final HistoryStore store;
    private final boolean cluster;
    private final String keyPrefix;
    private final int maxRunsPerJob;
    private final Duration timeToLive;
    private final RedisCalls calls;
    private final RecordWriter writer;
    private final RecordReader reader;
    private final JobRecords jobRecords;
    private final int maxFailuresPerJob;

    private RedisExecutionHistoryRegistry(Builder b, UnifiedJedis jedis, boolean ownsClient) {
        super(b.clock);
        this.jedis = jedis;
        this.ownsClient = ownsClient;
        this.keyPrefix = b.keyPrefix;
        this.maxRunsPerJob = b.maxRunsPerJob;
        this.timeToLive = b.timeToLive;
        this.cluster = b.cluster != null ? b.cluster : HistoryStore.isClusterClient(jedis);
        RedisKeys keys = new RedisKeys(keyPrefix);
        long ttlMillis = timeToLive.toMillis();
        Refreshes refreshes = new Refreshes(ttlMillis);
        this.maxFailuresPerJob = b.maxFailuresPerJob;
        JobFold fold = new JobFold(keys, clock(), timeToLive);
        this.store = cluster
                ? new ClusterStore(jedis, keys, maxRunsPerJob, maxFailuresPerJob, ttlMillis, refreshes.indexTtlMillis(),
                        clock()::millis, fold)
                : new StandaloneStore(jedis, keys, maxRunsPerJob, maxFailuresPerJob, ttlMillis,
                        refreshes.indexTtlMillis(), fold);
        this.calls = new RedisCalls(cluster, ownsClient ? RedisUriClient.dropIdleConnections(jedis) : () -> { });
        this.writer = new RecordWriter(store, calls, refreshes);
        this.jobRecords = new JobRecords(jedis, keys, clock(), timeToLive, !cluster);
        this.reader = new RecordReader(store, keys, calls, clock());
    }

    /** A registry with the defaults on {@code jedis}, which stays the caller's to close. */
    public static RedisExecutionHistoryRegistry create(UnifiedJedis jedis) {
        return builder(jedis).build();
    }

    /**
     * A builder for a registry on {@code jedis}, which stays the caller's to close. A {@code RedisClusterClient} or
     * {@code JedisCluster} is used in cluster mode, any other client in single-server mode
     * ({@link Builder#cluster(boolean)} overrides this).
     */
    public static Builder builder(UnifiedJedis jedis) {
        return new Builder(Objects.requireNonNull(jedis, "jedis must not be null"), null);
    }

    /**
     * A builder for a registry on a single Redis server given by a {@code redis://} or {@code rediss://} URI (user,
     * password and database taken from it), with the timeouts of {@link RedisUriClient}. The registry owns that client
     * and closes it in {@link #close()}.
     *
     * @throws IllegalArgumentException if {@code redisUri} is not a valid Redis URI
     */
    public static Builder builder(String redisUri) {
        return new Builder(null, RedisUriClient.parse(redisUri));
    }

    /**
     * A registry with the defaults on the server at {@code redisUri}; see {@link #builder(String)}.
     *
     * @throws IllegalArgumentException if {@code redisUri} is not a valid Redis URI
     */
    public static RedisExecutionHistoryRegistry create(String redisUri) {
        return builder(redisUri).build();
    }

    @Override
    protected void store(ExecutionRecord record) {
        writer.save(record);
    }

    @Override
    protected void storeAll(List<ExecutionRecord> records) {
        writer.saveAll(records);
    }

    @Override
    protected List<JobOverview> loadOverviews(List<String> jobIds, int recentRuns) {
        return reader.overviews(jobIds, recentRuns);
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        return reader.byId(executionId);
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        List<ExecutionRecord> latest = reader.matching(jobId, HistoryQuery.latest(1), 1, clock().instant());
        return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        if (maxFailuresPerJob > 0 && query.status().orElse(null) == ExecutionStatus.FAILED) {
            return reader.failedMatching(jobId, query, wanted, now, maxFailuresPerJob);
        }
        return reader.matching(jobId, query, wanted, now);
    }

    @Override
    public Set<String> findJobIds() {
        return reader.jobIds();
    }

    @Override
    protected int delete(String jobId) {
        writer.forget(jobId);
        return calls.callOnce("deleteHistory", () -> store.deleteHistory(jobId));
    }

    /**
     * Retried once like a save ({@link RedisCalls}): a second run changes nothing, but if the first reached the server
     * before its connection broke, the answer is false although the run was there.
     */
    @Override
    protected boolean deleteRecord(String jobId, String executionId) {
        return calls.call("deleteRun", () -> store.deleteRun(jobId, executionId));
    }

    @Override
    protected List<JobRecord> loadJobRecords(List<String> jobIds) {
        return calls.call("findJobRecords", () -> jobRecords.read(jobIds));
    }

    @Override
    protected List<JobStatistics.Period> loadStatistics(String jobId, JobStatistics.Granularity granularity,
                                                        Instant from, Instant to) {
        return calls.call("findStatistics", () -> jobRecords.statistics(jobId, granularity, from, to));
    }

    /** How many Redis calls have failed since this registry was built. */
    public long failureCount() {
        return calls.failureCount();
    }

    /** How many outages this registry logged at WARN (one each); for tests. */
    long outageCount() {
        return calls.outageCount();
    }

    /** The WARN line that opened the last outage; for tests. */
    String lastOutageLine() {
        return calls.lastOutageLine();
    }

    /** The key prefix, {@value #DEFAULT_KEY_PREFIX} by default. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** How many runs each job keeps. */
    public int maxRunsPerJob() {
        return maxRunsPerJob;
    }

    /** How many of each job's newest failed runs are kept beyond {@link #maxRunsPerJob()}. */
    public int maxFailuresPerJob() {
        return maxFailuresPerJob;
    }

    /** How long a record lives after its last save. */
    public Duration timeToLive() {
        return timeToLive;
    }

    /** Whether this registry uses the Redis Cluster commands (one key per command). */
    public boolean isClusterMode() {
        return cluster;
    }

    /**
     * Sends the retention trims still waiting for saves to carry them (best effort: one left undone is found again by a
     * later save), then closes the client if this registry created it ({@link #create(String)}).
     */
    @Override
    public void close() {
        try {
            store.close();
        } catch (RuntimeException e) {
            log.debug("Redis execution history: retention trims not sent on close ({}); a later save sends them", e.toString());
        } finally {
            if (ownsClient) {
                jedis.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RedisExecutionHistoryRegistry{prefix=" + keyPrefix + ", maxRunsPerJob=" + maxRunsPerJob
                + ", maxFailuresPerJob=" + maxFailuresPerJob
                + ", timeToLive=" + timeToLive + ", cluster=" + cluster + '}';
    }

    /** Builds a {@link RedisExecutionHistoryRegistry}; each setter validates at once. */
    public static final class Builder {
        private final UnifiedJedis jedis;
        private final RedisUriClient uri;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private int maxRunsPerJob = DEFAULT_MAX_RUNS_PER_JOB;
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
        private int maxFailuresPerJob = JobRetention.DEFAULT_MAX_FAILURES;
        private Clock clock = Clock.systemUTC();
        private Boolean cluster;

        private Builder(UnifiedJedis jedis, RedisUriClient uri) {
            this.jedis = jedis;
            this.uri = uri;
        }

        /**
         * The first part of every key. Default {@value RedisExecutionHistoryRegistry#DEFAULT_KEY_PREFIX}.
         *
         * @throws IllegalArgumentException if it is blank or contains a brace ({@code {...}} would be a Cluster hash
         *                                  tag and put every key of every job in one slot) or whitespace
         */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
            if (keyPrefix.isBlank()) {
                throw new IllegalArgumentException("keyPrefix must not be blank, but was '" + keyPrefix + "'");
            }
            if (keyPrefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("keyPrefix must not contain braces or whitespace, but was '"
                        + keyPrefix + "'; braces make a Redis Cluster hash tag");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * How many runs each job keeps, the newest by start time. Default
         * {@value RedisExecutionHistoryRegistry#DEFAULT_MAX_RUNS_PER_JOB}.
         *
         * @throws IllegalArgumentException if it is less than 1
         */
        public Builder maxRunsPerJob(int maxRunsPerJob) {
            this.maxRunsPerJob = Retention.checkMaxRunsPerJob(maxRunsPerJob);
            return this;
        }

        /**
         * How many of each job's newest {@code failed} runs are kept beyond {@link #maxRunsPerJob}, in the job's
         * failures index, so failures outlast the successes after them. Default
         * {@value JobRetention#DEFAULT_MAX_FAILURES}; 0 keeps none.
         *
         * @throws IllegalArgumentException if it is negative
         */
        public Builder maxFailuresPerJob(int maxFailuresPerJob) {
            if (maxFailuresPerJob < 0) {
                throw new IllegalArgumentException("maxFailuresPerJob must be 0 or more, but was " + maxFailuresPerJob);
            }
            this.maxFailuresPerJob = maxFailuresPerJob;
            return this;
        }

        /**
         * How long a record lives after its last save, on the Redis server's clock. Default 30 days.
         *
         * @throws IllegalArgumentException if it is shorter than 1 ms
         */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = Retention.checkTimeToLive(timeToLive);
            return this;
        }

        /** The clock that decides when a running record reads as abandoned. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Forces cluster mode on or off. By default it is on for {@code RedisClusterClient} and {@code JedisCluster}
         * and off for other clients. Cluster mode also works on a single server, one round trip slower.
         */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Builds the registry; with a URI, this creates its client (which connects lazily).
         *
         * @throws IllegalArgumentException if {@code cluster(false)} was set for a cluster client
         */
        public RedisExecutionHistoryRegistry build() {
            if (Boolean.FALSE.equals(cluster) && jedis != null && HistoryStore.isClusterClient(jedis)) {
                throw new IllegalArgumentException("cluster(false) cannot work with a cluster client ("
                        + jedis.getClass().getSimpleName() + "): its single-server scripts touch keys in many slots");
            }
            if (jedis != null) {
                return new RedisExecutionHistoryRegistry(this, jedis, false);
            }
            return new RedisExecutionHistoryRegistry(this, uri.create(), true);
        }
    }
}
