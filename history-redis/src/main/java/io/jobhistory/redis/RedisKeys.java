package io.jobhistory.redis;

import java.nio.charset.StandardCharsets;

/**
 * The key layout: {@code <prefix>:execution_history:<execution id>}, {@code <prefix>:job_history_index:<job id>} and
 * {@code <prefix>:job_ids}. Ids made only of {@code [A-Za-z0-9._-]} are used as they are; every other byte of their
 * UTF-8 form, {@code %} included, is percent-encoded, so no id can produce another id's key. The Lua scripts encode
 * the same way ({@link LuaScripts}).
 */
final class RedisKeys {

    private final String prefix;
    private final String recordPrefix;
    private final String indexPrefix;
    private final String jobIdsKey;

    RedisKeys(String prefix) {
        this.prefix = prefix;
        this.recordPrefix = prefix + ":execution_history:";
        this.indexPrefix = prefix + ":job_history_index:";
        this.jobIdsKey = prefix + ":job_ids";
    }

    /** The prefix of record keys, to which the scripts append an encoded execution id. */
    String recordPrefix() {
        return recordPrefix;
    }

    String recordKey(String executionId) {
        return recordPrefix + encode(executionId);
    }

    String indexKey(String jobId) {
        return indexPrefix + encode(jobId);
    }

    /**
     * A job-level key beside the index: {@code <prefix>:<kind>:{<index key>}}. The hash tag is the whole index key,
     * which has no braces, so the key hashes to the index's own slot and one script can update both on a cluster.
     */
    String jobKey(String kind, String jobId) {
        return prefix + ":" + kind + ":{" + indexKey(jobId) + "}";
    }

    /** The job's failures kept: a sorted set like its index, of its newest failed runs. */
    String failuresKey(String jobId) {
        return jobKey("job_failures", jobId);
    }

    /** The job record: a hash. */
    String jobRecordKey(String jobId) {
        return jobKey("job_record", jobId);
    }

    /** The job's statistics: a string of fixed slots ({@link StatsRing}). */
    String statsKey(String jobId) {
        return jobKey("job_stats", jobId);
    }

    /** The job's maxima: a sorted set (each period's longest run, the last success and failure end). */
    String maximaKey(String jobId) {
        return jobKey("job_max", jobId);
    }

    String jobIdsKey() {
        return jobIdsKey;
    }

    /** Percent-encodes every UTF-8 byte outside {@code [A-Za-z0-9._-]}; injective. */
    static String encode(String id) {
        if (isPlain(id)) {
            return id;
        }
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isPlain(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Which ASCII characters a key keeps as they are: one lookup per character (every save encodes two ids). */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (int c = 0; c < PLAIN.length; c++) {
            PLAIN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
        }
    }

    private static boolean isPlain(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (!isPlain(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(int c) {
        return c < PLAIN.length && PLAIN[c];
    }
}
