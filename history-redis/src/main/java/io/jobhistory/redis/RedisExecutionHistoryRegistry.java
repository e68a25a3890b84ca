package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.AbstractExecutionHistoryRegistry;
import io.jobhistory.spi.HistoryCursor;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.spi.RecordRules;
import io.jobhistory.spi.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * An {@link ExecutionHistoryRegistry} in Redis, on a {@link UnifiedJedis} the application configured
 * ({@code RedisClient}, {@code JedisPooled}, {@code RedisClusterClient}), so pooling, TLS, ACL users and timeouts are
 * the application's choice. Works on a single server and on Redis Cluster through the same class.
 *
 * <h2>Keys</h2>
 * With the default prefix {@code scheduler}:
 * <ul>
 *   <li>{@code scheduler:execution_history:<execution id>}: the record's JSON ({@link ExecutionRecordJson}), expiring
 *       {@linkplain Builder#timeToLive time to live} after its last save;</li>
 *   <li>{@code scheduler:job_history_index:<job id>}: a sorted set of the job's execution ids scored by start time in
 *       epoch milliseconds, at most {@linkplain Builder#maxRunsPerJob maxRunsPerJob} of them; it expires 2% later than
 *       a record would, and is renewed once per 1% of the time to live;</li>
 *   <li>{@code scheduler:job_ids}: a sorted set of job ids scored by when their newest save expires; entries past
 *       that are removed whenever a new job is first saved and on every {@link #findJobIds()}.</li>
 * </ul>
 * Ids made only of {@code [A-Za-z0-9._-]} appear as they are; any other byte of their UTF-8 form is percent-encoded,
 * so no id can reach another job's keys. Keys have no braces, so on a cluster they spread over all nodes.
 *
 * <h2>Cost</h2>
 * On a single server a save, a history page (up to the cap, with or without a status filter), {@code findLatest},
 * {@code findById}, {@code deleteHistory} and {@code findJobIds} each take one round trip (a Lua script run by
 * EVALSHA; after a script cache flush the first call falls back to EVAL). On a cluster a save takes one pipelined
 * round trip, plus one to delete records that retention trimmed; a history page takes one round trip for the index and
 * one per node holding its records.
 *
 * <h2>Failures</h2>
 * Calls are bounded by the client's timeouts; a failure is counted ({@link #failureCount()}), logged once per outage
 * and thrown promptly as {@link RedisHistoryException}. The registry recovers by itself when Redis is back. A stored
 * value that is not a valid record, or a key of the wrong type, is skipped with a warning.
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
    /** Above this many wanted matches, a scan reads everything in range instead of counting. */
    private static final int READ_ALL_ABOVE = 1_000_000;

    private final UnifiedJedis jedis;
    private final boolean ownsClient;
    private final RedisKeys keys;
    private final HistoryStore store;
    private final boolean cluster;
    private final String keyPrefix;
    private final int maxRunsPerJob;
    private final Duration timeToLive;
    private final FailureLog failures = new FailureLog();
    private final Refreshes refreshes;

    private RedisExecutionHistoryRegistry(Builder b, UnifiedJedis jedis, boolean ownsClient) {
        super(b.clock);
        this.jedis = jedis;
        this.ownsClient = ownsClient;
        this.keyPrefix = b.keyPrefix;
        this.maxRunsPerJob = b.maxRunsPerJob;
        this.timeToLive = b.timeToLive;
        this.keys = new RedisKeys(keyPrefix);
        this.cluster = b.cluster != null ? b.cluster
                : jedis instanceof RedisClusterClient || jedis instanceof JedisCluster;
        long ttlMillis = timeToLive.toMillis();
        this.refreshes = new Refreshes(ttlMillis);
        this.store = cluster
                ? new ClusterStore(jedis, keys, maxRunsPerJob, ttlMillis, refreshes.indexTtlMillis())
                : new StandaloneStore(jedis, keys, maxRunsPerJob, ttlMillis, refreshes.indexTtlMillis());
    }

    /** A registry with the defaults on {@code jedis}, which stays the caller's to close. */
    public static RedisExecutionHistoryRegistry create(UnifiedJedis jedis) {
        return builder(jedis).build();
    }

    /**
     * A builder for a registry on {@code jedis}, which stays the caller's to close. A {@link RedisClusterClient} or
     * {@link JedisCluster} is used in cluster mode, any other client in single-server mode
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
        String json = ExecutionRecordJson.toJson(record);
        long now = System.nanoTime();
        boolean refresh = refreshes.due(record.jobId(), now);
        call("save", () -> {
            store.save(record.executionId(), record.jobId(), record.startTime().toEpochMilli(), json,
                    !record.isFinished(), refresh);
            return null;
        });
        if (refresh) {
            refreshes.renewed(record.jobId(), now);
        }
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        String value;
        try {
            value = call("findById", () -> store.get(executionId));
        } catch (RedisHistoryException e) {
            if (e.getCause() instanceof JedisDataException && String.valueOf(e.getCause().getMessage())
                    .startsWith("WRONGTYPE")) {
                log.warn("Skipping Redis key {}: it holds a value of the wrong type", keys.recordKey(executionId));
                return Optional.empty();
            }
            throw e;
        }
        if (value == null) {
            return Optional.empty();
        }
        return parse(keys.recordKey(executionId), value)
                .filter(r -> r.executionId().equals(executionId));
    }

    @Override
    protected Optional<ExecutionRecord> loadLatest(String jobId) {
        List<ExecutionRecord> latest = collect(jobId, HistoryQuery.latest(1), 1, clock().instant());
        return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
    }

    @Override
    protected List<ExecutionRecord> loadMatching(String jobId, HistoryQuery query, int wanted, Instant now) {
        return collect(jobId, query, wanted, now);
    }

    @Override
    public Set<String> findJobIds() {
        return call("findJobIds", store::jobIds);
    }

    @Override
    protected int delete(String jobId) {
        refreshes.forget(jobId);
        return call("deleteHistory", () -> store.deleteHistory(jobId));
    }

    /** How many Redis calls have failed since this registry was built. */
    public long failureCount() {
        return failures.count();
    }

    /** The key prefix, {@value #DEFAULT_KEY_PREFIX} by default. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** How many runs each job keeps. */
    public int maxRunsPerJob() {
        return maxRunsPerJob;
    }

    /** How long a record lives after its last save. */
    public Duration timeToLive() {
        return timeToLive;
    }

    /** Whether this registry uses the Redis Cluster commands (one key per command). */
    public boolean isClusterMode() {
        return cluster;
    }

    /** Closes the client if this registry created it ({@link #create(String)}); otherwise does nothing. */
    @Override
    public void close() {
        if (ownsClient) {
            jedis.close();
        }
    }

    @Override
    public String toString() {
        return "RedisExecutionHistoryRegistry{prefix=" + keyPrefix + ", maxRunsPerJob=" + maxRunsPerJob
                + ", timeToLive=" + timeToLive + ", cluster=" + cluster + '}';
    }

    /**
     * The first {@code wanted} records matching {@code query}, newest first, seen now. Reads the index in batches: one
     * usually suffices; another follows only when corrupt values or (for running/abandoned) runs seen as the other
     * status left the first one short.
     */
    private List<ExecutionRecord> collect(String jobId, HistoryQuery query, long wanted, Instant now) {
        Predicate<ExecutionRecord> matches = HistoryRules.matcher(query);
        ScanRequest request = firstRequest(jobId, query, wanted);
        List<ExecutionRecord> matching = new ArrayList<>();
        while (true) {
            ScanRequest current = request;
            ScanResult result;
            try {
                result = call("findHistory", () -> store.scan(current));
            } catch (RedisHistoryException e) {
                if (e.getCause() instanceof WrongTypeException) {
                    log.warn(e.getCause().getMessage());
                    return matching;
                }
                throw e;
            }
            for (IndexEntry entry : result.entries()) {
                Optional<ExecutionRecord> record = read(jobId, entry);
                if (record.isPresent()) {
                    ExecutionRecord seen = RecordRules.seenAt(record.get(), now);
                    if (matches.test(seen)) {
                        matching.add(seen);
                        if (matching.size() >= wanted) {
                            return matching;
                        }
                    }
                }
            }
            if (!result.more() || result.resumeScore() == null) {
                return matching;
            }
            request = request.after(result.resumeScore(), result.resumeMember(),
                    request.count() == 0 ? 0 : (int) Math.min(wanted - matching.size(), READ_ALL_ABOVE));
        }
    }

    private static ScanRequest firstRequest(String jobId, HistoryQuery query, long wanted) {
        String max = query.to().map(to -> "(" + to.toEpochMilli()).orElse("+inf");
        String min = query.from().map(from -> Long.toString(from.toEpochMilli())).orElse("-inf");
        Long afterScore = null;
        String afterMember = null;
        Optional<HistoryCursor> decoded = HistoryCursor.of(query);
        if (decoded.isPresent()) {
            HistoryCursor cursor = decoded.get();
            long at = cursor.startMillis();
            if (query.to().isEmpty() || at < query.to().get().toEpochMilli()) {
                max = "(" + at; // a cursor at or past `to` leaves the whole range after it
                if (query.from().isEmpty() || at >= query.from().get().toEpochMilli()) {
                    afterScore = at; // runs tied with the cursor's start time may still follow it
                    afterMember = cursor.executionId();
                }
            }
        }
        ExecutionStatus status = query.status().orElse(null);
        String stored = status == null ? "" : status == ExecutionStatus.ABANDONED ? "running" : status.wireName();
        // Running and abandoned are told apart only after reading, so read all candidates of that stored status.
        boolean readAll = status == ExecutionStatus.RUNNING || status == ExecutionStatus.ABANDONED
                || wanted > READ_ALL_ABOVE;
        return new ScanRequest(jobId, max, min, afterScore, afterMember, readAll ? 0 : (int) wanted, stored);
    }

    /** The record of an index entry, or empty (with a warning) if its value is not a record of this job. */
    private Optional<ExecutionRecord> read(String jobId, IndexEntry entry) {
        String key = keys.recordKey(entry.member());
        if (entry.value() == null) {
            log.warn("Skipping Redis key {} of job '{}': it holds a value of the wrong type", key, jobId);
            return Optional.empty();
        }
        return parse(key, entry.value()).filter(r -> {
            if (r.jobId().equals(jobId) && r.executionId().equals(entry.member())) {
                return true;
            }
            log.warn("Skipping Redis key {}: it holds execution '{}' of job '{}', not a run of job '{}'", key,
                    r.executionId(), r.jobId(), jobId);
            return false;
        });
    }

    private static Optional<ExecutionRecord> parse(String key, String value) {
        try {
            return Optional.of(ExecutionRecordJson.fromJson(value));
        } catch (IllegalArgumentException e) {
            log.warn("Skipping Redis key {}: its value is not a valid execution record ({})", key, e.getMessage());
            return Optional.empty();
        }
    }

    private <T> T call(String operation, Supplier<T> action) {
        T result;
        try {
            result = action.get();
        } catch (WrongTypeException e) {
            throw new RedisHistoryException(operation + " found a key of the wrong type", e);
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw new RedisHistoryException(operation + " failed: " + e.getMessage(), e);
            }
            failures.failed(operation, e);
            throw new RedisHistoryException("Redis execution history: " + operation + " failed: " + e.getMessage(), e);
        } catch (JedisException | ClassCastException e) {
            failures.failed(operation, e);
            throw new RedisHistoryException("Redis execution history: " + operation + " failed: " + e.getMessage(), e);
        }
        failures.succeeded();
        return result;
    }

    /** Builds a {@link RedisExecutionHistoryRegistry}; each setter validates at once. */
    public static final class Builder {
        private final UnifiedJedis jedis;
        private final RedisUriClient uri;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private int maxRunsPerJob = DEFAULT_MAX_RUNS_PER_JOB;
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
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
         * Forces cluster mode on or off. By default it is on for {@link RedisClusterClient} and {@link JedisCluster}
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
            if (Boolean.FALSE.equals(cluster) && (jedis instanceof RedisClusterClient || jedis instanceof JedisCluster)) {
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
