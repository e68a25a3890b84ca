package io.jobhistory.redis;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

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
 *       epoch milliseconds: reads see the newest {@linkplain Builder#maxRunsPerJob maxRunsPerJob}; on a single server
 *       it is trimmed in steps of a tenth of that (the runs past it wait, unread, for the next step, which deletes
 *       their records), on a cluster at every save; it expires 2% later than a record would, and is renewed once per
 *       1% of the time to live;</li>
 *   <li>{@code scheduler:job_ids}: a sorted set of job ids scored by when their newest save expires; entries past
 *       that are removed whenever a new job is first saved and on every {@link #findJobIds()}.</li>
 * </ul>
 * Ids made only of {@code [A-Za-z0-9._-]} appear as they are; any other byte of their UTF-8 form is percent-encoded,
 * so no id can reach another job's keys. Keys have no braces, so on a cluster they spread over all nodes.
 *
 * <h2>Cost</h2>
 * On a single server a finished run's save is one pipelined round trip of plain commands (SET, ZADD, ZCARD); one
 * save in a tenth of the cap finds the index's slack full, and the next three saves (of any job) carry the trim
 * (ZRANGE; MGET, to delete only records of this job; DEL and ZREM); a running record's save, and the save that
 * renews a job's TTLs, is one script that keeps finished records final. A first history page is ZREVRANGEBYSCORE then
 * MGET; a page after a cursor, or within a time range, one script. {@code findLatest}, {@code deleteHistory} and
 * {@code findJobIds} take one round trip, {@code findById} two (the record, then whether it is still retained).
 * Scripts run by EVALSHA; after a script cache flush the first call falls back to EVAL. On a cluster a save takes one
 * pipelined round trip, plus one to delete records that retention trimmed; a history page takes one round trip for
 * the index and one per node holding its records.
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
    /** Jobs per pipelined round trip of {@link #findOverviews}. */
    private static final int OVERVIEW_CHUNK = 100;
    /** Pause before the one retry of a transient cluster failure. */
    private static final long RETRY_PAUSE_MILLIS = 100;

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
        this.cluster = b.cluster != null ? b.cluster : isClusterClient(jedis);
        long ttlMillis = timeToLive.toMillis();
        this.refreshes = new Refreshes(ttlMillis);
        this.store = cluster
                ? new ClusterStore(jedis, keys, maxRunsPerJob, ttlMillis, refreshes.indexTtlMillis(), clock()::millis)
                : new StandaloneStore(jedis, keys, maxRunsPerJob, ttlMillis, refreshes.indexTtlMillis());
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
        String json = ExecutionRecordJson.toJson(record);
        long now = System.nanoTime();
        boolean refresh = refreshes.due(record.jobId(), now);
        try {
            call("save", () -> {
                store.save(record.executionId(), record.jobId(), record.startTime().toEpochMilli(), json,
                        !record.isFinished(), refresh);
                return null;
            });
        } catch (RuntimeException e) {
            refreshes.forget(record.jobId()); // a new index may have missed its TTL: the next save renews
            throw e;
        }
        if (refresh) {
            refreshes.renewed(record.jobId(), now);
        }
    }

    /**
     * All records at once, by the same scripts and rules as {@link #save}: on a single server one pipelined round trip;
     * on a cluster the steps of a save, each one pipelined round trip per node for all records.
     */
    @Override
    protected void storeAll(List<ExecutionRecord> records) {
        long now = System.nanoTime();
        List<StandaloneStore.Save> saves = new ArrayList<>(records.size());
        Set<String> renewing = new java.util.HashSet<>();
        for (ExecutionRecord record : records) {
            boolean refresh = refreshes.due(record.jobId(), now) && renewing.add(record.jobId());
            saves.add(new StandaloneStore.Save(record.executionId(), record.jobId(),
                    record.startTime().toEpochMilli(), ExecutionRecordJson.toJson(record), !record.isFinished(),
                    refresh));
        }
        try {
            call("saveAll", () -> {
                if (store instanceof ClusterStore clusterStore) {
                    clusterStore.saveAll(saves);
                } else {
                    ((StandaloneStore) store).saveAll(saves);
                }
                return null;
            });
        } catch (RuntimeException e) {
            records.forEach(r -> refreshes.forget(r.jobId())); // a new index may have missed its TTL: renew next
            throw e;
        }
        renewing.forEach(jobId -> refreshes.renewed(jobId, now));
    }

    /**
     * Every retained run of up to {@value #OVERVIEW_CHUNK} jobs at once, by plain commands: one pipelined round trip
     * (per node, on a cluster) for the indexes and one for the records.
     */
    @Override
    protected List<JobOverview> loadOverviews(List<String> jobIds, int recentRuns) {
        List<JobOverview> overviews = new ArrayList<>(jobIds.size());
        for (int from = 0; from < jobIds.size(); from += OVERVIEW_CHUNK) {
            List<String> chunk = jobIds.subList(from, Math.min(jobIds.size(), from + OVERVIEW_CHUNK));
            List<List<IndexEntry>> read = call("findOverviews", () -> store instanceof ClusterStore clusterStore
                    ? clusterStore.readAll(chunk) : ((StandaloneStore) store).readAll(chunk));
            Instant now = clock().instant();
            for (int i = 0; i < chunk.size(); i++) {
                String jobId = chunk.get(i);
                if (read.get(i) == null) {
                    log.warn(new WrongTypeException(keys.indexKey(jobId)).getMessage());
                    continue;
                }
                List<ExecutionRecord> runs = overviewRuns(jobId, read.get(i), recentRuns, now);
                HistoryRules.overview(jobId, runs, recentRuns).ifPresent(overviews::add);
            }
        }
        return overviews;
    }

    /**
     * A job's retained runs for its overview, newest first: the newest {@code recentRuns} (the index's order) read in
     * full, the others only as far as the summary needs ({@link ExecutionRecordJson#fromJsonForStatistics}), which
     * is most of an overview's cost. Should a run read only for statistics sort among the newest after all (an index
     * score that disagrees with its record), the job is read again in full.
     */
    private List<ExecutionRecord> overviewRuns(String jobId, List<IndexEntry> entries, int recentRuns, Instant now) {
        List<ExecutionRecord> runs = new ArrayList<>(entries.size());
        Set<ExecutionRecord> lean = Collections.newSetFromMap(new IdentityHashMap<>());
        for (IndexEntry entry : entries) {
            boolean full = runs.size() < recentRuns;
            read(jobId, entry, full).ifPresent(r -> {
                ExecutionRecord seen = RecordRules.seenAt(r, now);
                runs.add(seen);
                if (!full) {
                    lean.add(seen);
                }
            });
        }
        runs.sort(ExecutionRecord.NEWEST_FIRST);
        for (int i = 0; i < Math.min(recentRuns, runs.size()); i++) {
            if (lean.contains(runs.get(i))) {
                List<ExecutionRecord> all = new ArrayList<>(entries.size());
                for (IndexEntry entry : entries) {
                    read(jobId, entry, true).ifPresent(r -> all.add(RecordRules.seenAt(r, now)));
                }
                all.sort(ExecutionRecord.NEWEST_FIRST);
                return all;
            }
        }
        return runs;
    }

    @Override
    protected Optional<ExecutionRecord> load(String executionId) {
        String key = keys.recordKey(executionId);
        String value;
        try {
            value = call("findById", () -> {
                try {
                    return store.get(executionId);
                } catch (JedisDataException e) {
                    if (RedisHistoryException.isWrongType(e)) {
                        throw new WrongTypeException(key);
                    }
                    throw e;
                }
            });
        } catch (WrongTypeException e) {
            log.warn("Skipping Redis key {}: it holds a value of the wrong type", key);
            return Optional.empty();
        }
        if (value == null) {
            return Optional.empty();
        }
        Optional<ExecutionRecord> record = parse(key, value).filter(r -> r.executionId().equals(executionId));
        if (record.isPresent() && !call("findById", () -> store.retained(record.get().jobId(), executionId))) {
            return Optional.empty(); // past the cap, waiting to be trimmed
        }
        return record;
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
        try {
            return call("findJobIds", store::jobIds);
        } catch (WrongTypeException e) {
            log.warn(e.getMessage());
            return Set.of();
        }
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

    /** How many outages this registry logged at WARN (one each); for tests. */
    long outageCount() {
        return failures.outages();
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
        boolean fast = true;
        while (true) {
            ScanRequest current = request;
            boolean quick = fast;
            ScanResult result;
            try {
                result = call("findHistory", () -> store.scan(current, quick));
            } catch (WrongTypeException e) {
                log.warn(e.getMessage());
                return matching;
            }
            int before = matching.size();
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
            if (!result.more()) {
                return matching;
            }
            if (result.resumeScore() == null) {
                // a fast read fell short (bad values, filtered runs): read the same part again, resumably
                matching.subList(before, matching.size()).clear();
                fast = false;
                continue;
            }
            request = request.after(result.resumeScore(), result.resumeMember(),
                    request.count() == 0 ? 0 : (int) Math.min(wanted - matching.size(), READ_ALL_ABOVE));
        }
    }

    private static ScanRequest firstRequest(String jobId, HistoryQuery query, long wanted) {
        // no run starts at an infinite time: entries scored +inf or -inf are planted, and are left out
        String max = query.to().map(to -> "(" + to.toEpochMilli()).orElse("(+inf");
        String min = query.from().map(from -> Long.toString(from.toEpochMilli())).orElse("(-inf");
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
        return read(jobId, entry, true);
    }

    /** The entry's record, in full or only what statistics need; empty (and logged) if it is not a run of the job. */
    private Optional<ExecutionRecord> read(String jobId, IndexEntry entry, boolean full) {
        String key = keys.recordKey(entry.member());
        if (entry.value() == null) {
            log.warn("Skipping Redis key {} of job '{}': it holds a value of the wrong type", key, jobId);
            return Optional.empty();
        }
        return parse(key, entry.value(), full).filter(r -> {
            if (r.jobId().equals(jobId) && r.executionId().equals(entry.member())) {
                return true;
            }
            log.warn("Skipping Redis key {}: it holds execution '{}' of job '{}', not a run of job '{}'", key,
                    r.executionId(), r.jobId(), jobId);
            return false;
        });
    }

    private static Optional<ExecutionRecord> parse(String key, String value) {
        return parse(key, value, true);
    }

    private static Optional<ExecutionRecord> parse(String key, String value, boolean full) {
        try {
            return Optional.of(full ? ExecutionRecordJson.fromJson(value) : ExecutionRecordJson.fromJsonForStatistics(value));
        } catch (IllegalArgumentException e) {
            log.warn("Skipping Redis key {}: its value is not a valid execution record ({})", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Runs one registry operation against Redis. A key of the wrong type comes out as {@link WrongTypeException} (not
     * a failure: the caller skips it); every other exception of the client is counted, logged once per outage and
     * thrown as {@link RedisHistoryException}. On a cluster a transient failure (MOVED/ASK the client could not
     * follow, CLUSTERDOWN, TRYAGAIN, LOADING during a failover) is retried once after a short pause: every operation
     * is idempotent, so a second run is safe.
     */
    private <T> T call(String operation, Supplier<T> action) {
        T result;
        try {
            try {
                result = action.get();
            } catch (WrongTypeException e) {
                throw e;
            } catch (RuntimeException e) {
                // connection failures were already retried by the cluster client, within its own time budget
                if (!cluster || !(e instanceof JedisDataException) || !RedisHistoryException.isTransient(e)) {
                    throw e;
                }
                pause();
                result = action.get();
            }
        } catch (WrongTypeException e) {
            failures.succeeded();
            throw e;
        } catch (RuntimeException e) {
            RedisHistoryException failure = new RedisHistoryException(
                    "Redis execution history: " + operation + " failed: " + e.getMessage(), e);
            failures.failed(operation, failure);
            throw failure;
        }
        failures.succeeded();
        return result;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the client talks to a Redis Cluster: a {@code JedisCluster} or (Jedis 7.1+) {@code RedisClusterClient},
     * told by class name so that no class newer than Jedis 6.0 is referenced.
     */
    static boolean isClusterClient(UnifiedJedis jedis) {
        for (Class<?> c = jedis.getClass(); c != null && c != UnifiedJedis.class; c = c.getSuperclass()) {
            if (c.getName().equals("redis.clients.jedis.JedisCluster")
                    || c.getName().equals("redis.clients.jedis.RedisClusterClient")) {
                return true;
            }
        }
        return false;
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
            if (Boolean.FALSE.equals(cluster) && jedis != null && isClusterClient(jedis)) {
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
