package io.jobhistory.redis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Redis commands behind the registry, in one form for a single server and one for a cluster. */
interface HistoryStore {

    /**
     * Writes a record, indexes it and applies retention.
     *
     * @param json    the codec's JSON for the record
     * @param running whether the record is running (it then never replaces a finished one)
     * @param refresh whether to renew the index's TTL and the job's entry in the job ids (a new index gets both anyway)
     */
    void save(String executionId, String jobId, long startMillis, String json, boolean running, boolean refresh);

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

    /** Deletes a job's runs, its index and its entry in the job ids; returns how many runs were deleted. */
    int deleteHistory(String jobId);

    /** Jobs whose newest save has not expired. */
    Set<String> jobIds();

    /** Sends what is still waiting to be sent, before the client closes. */
    default void close() {
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
