package io.jobhistory.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Every retained run of many jobs at once, for overviews, by plain commands in two {@link Batch}es: the jobs' index
 * ranges, then their records. On a single server a job's records are read by one MGET; on a cluster, where they live
 * in many slots, by one GET each.
 */
final class IndexReads {

    private IndexReads() {
    }

    /**
     * The replies of {@code ranges} (one index range per job, each member an execution id) with their records.
     * Entries whose record is missing are left out (a history read cleans them up); a record of another type is
     * an entry with a null value (a cluster's GET says so; a single server's MGET reads it as missing).
     *
     * @param perJob whether one MGET reads a job's records (single server) rather than one GET per record
     * @return per job, in order, its entries as the range ordered them; null for an index of another type
     */
    static List<List<IndexEntry>> readAll(UnifiedJedis jedis, RedisKeys keys, List<Batch.Op> ranges, boolean perJob) {
        List<Object> members = Batch.run(jedis, ranges);
        List<Batch.Op> gets = new ArrayList<>();
        for (Object m : members) {
            if (m == Batch.WRONG_TYPE || ((List<?>) m).isEmpty()) {
                continue;
            }
            List<?> list = (List<?>) m;
            String[] recordKeys = new String[list.size()];
            for (int i = 0; i < recordKeys.length; i++) {
                recordKeys[i] = keys.recordKey((String) list.get(i));
            }
            if (perJob) {
                gets.add(Batch.mget(recordKeys));
            } else {
                for (String key : recordKeys) {
                    gets.add(Batch.get(key));
                }
            }
        }
        List<Object> values = Batch.run(jedis, gets);
        List<List<IndexEntry>> result = new ArrayList<>(members.size());
        int at = 0;
        for (Object m : members) {
            if (m == Batch.WRONG_TYPE) {
                result.add(null);
                continue;
            }
            List<?> list = (List<?>) m;
            List<IndexEntry> entries = new ArrayList<>(list.size());
            if (!list.isEmpty()) {
                List<?> got = perJob ? (List<?>) values.get(at++) : values.subList(at, at += list.size());
                for (int i = 0; i < list.size(); i++) {
                    Object value = got.get(i);
                    if (value == Batch.WRONG_TYPE) {
                        entries.add(new IndexEntry((String) list.get(i), null));
                    } else if (value != null) {
                        entries.add(new IndexEntry((String) list.get(i), (String) value));
                    }
                }
            }
            result.add(entries);
        }
        return result;
    }

    /**
     * The members of {@code indexKey} scored within the request's range, newest first, at most {@code limit}: one
     * ZREVRANGEBYSCORE ... LIMIT, without scores.
     *
     * @throws WrongTypeException if the index is a key of another type
     */
    static List<String> newestMembers(UnifiedJedis jedis, String indexKey, ScanRequest r, int limit) {
        try {
            return jedis.zrevrangeByScore(indexKey, r.max(), r.min(), 0, limit);
        } catch (JedisDataException e) {
            if (RedisHistoryException.isWrongType(e)) {
                throw new WrongTypeException(indexKey);
            }
            throw e;
        }
    }
}
