package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.json.ExecutionRecordJson;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis commands behind the registry, in one form for a single server ({@link StandaloneStore}) and one for a
 * cluster ({@link ClusterStore}); the registry never asks which it has. What each call costs on each topology is in
 * {@code docs/redis.md#round-trips-per-call}.
 */
interface HistoryStore {

    /**
     * Writes a record, indexes it and applies retention.
     *
     * @throws redis.clients.jedis.exceptions.JedisDataException WRONGTYPE when a key of the job holds another type
     */
    void save(Save save);

    /** Saves many records by the same rules as {@link #save}, pipelined. */
    void saveAll(List<Save> saves);

    /** The stored JSON of a record; null if there is none; throws on a key of the wrong type. */
    String get(String executionId);

    /** Whether a run read by id is still within its job's retained runs (false once it is only waiting to be trimmed). */
    default boolean retained(String jobId, String executionId) {
        return true;
    }

    /**
     * Candidates of a job's index, past entries whose record expired (the registry skips records of other jobs).
     *
     * @param fast whether a quicker read may answer with {@code more} but no resume position; the registry then reads
     *             the same request again with {@code fast} false if it needs to continue
     */
    ScanResult scan(ScanRequest request, boolean fast);

    /**
     * Every retained run of each job, by plain commands ({@link IndexReads}).
     *
     * @return per job, in order, its entries newest first; null for an index of another type
     */
    List<List<IndexEntry>> readAll(List<String> jobIds);

    /**
     * The newest {@code limit} entries of the job's failures index scored in {@code [min, max]}, with their records
     * (entries whose record is missing left out).
     *
     * @return null if the failures index holds another type
     */
    List<IndexEntry> failures(String jobId, String max, String min, int limit);

    /** Deletes a job's runs, its index and its entry in the job ids; returns how many runs were deleted. */
    int deleteHistory(String jobId);

    /**
     * Deletes one run: its index entry, and its record if that holds a run of this job; a job whose index is left empty
     * leaves the job ids. Running it twice leaves what running it once does.
     *
     * @return whether a record of a retained run of the job was deleted
     */
    boolean deleteRun(String jobId, String executionId);

    /** Jobs whose newest save has not expired. */
    Set<String> jobIds();

    /** Sends what is still waiting to be sent, before the client closes. */
    default void close() {
    }

    /**
     * One record to save.
     *
     * @param json    the codec's JSON for the record
     * @param running whether the record is running (it then never replaces a finished one)
     * @param refresh whether to renew the index's TTL and the job's entry in the job ids (a new index gets both anyway)
     */
    record Save(String executionId, String jobId, long startMillis, String json, boolean running, boolean refresh,
                boolean failed) {

        static Save of(ExecutionRecord record, boolean refresh) {
            return new Save(record.executionId(), record.jobId(), record.startTime().toEpochMilli(),
                    ExecutionRecordJson.toJson(record), !record.isFinished(), refresh,
                    record.status() == ExecutionStatus.FAILED);
        }

        /** The same save, renewing its job's TTLs (a retry does, in case its first attempt created the index). */
        Save renewing() {
            return refresh ? this : new Save(executionId, jobId, startMillis, json, running, true, failed);
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

    /**
     * The job ids of a {@code job_ids.lua} reply, {1, id, ...}.
     *
     * @throws WrongTypeException if the reply says the key holds another type ({0})
     */
    static Set<String> jobIds(Object reply, String key) {
        List<?> flat = (List<?>) reply;
        if ((Long) flat.get(0) != 1) {
            throw new WrongTypeException(key);
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 1; i < flat.size(); i++) {
            result.add((String) flat.get(i));
        }
        return result;
    }

    /** Builds the flat list of arguments a script takes. */
    static List<String> args(Object... values) {
        String[] strings = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            strings[i] = String.valueOf(values[i]);
        }
        return List.of(strings);
    }
}
