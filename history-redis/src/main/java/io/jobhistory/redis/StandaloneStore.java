package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/** A single Redis server (or a proxy that keeps all keys on one server): every operation is one script, one round trip. */
final class StandaloneStore implements HistoryStore {

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final int cap;
    private final long ttlMillis;
    private final long indexTtlMillis;

    StandaloneStore(UnifiedJedis jedis, RedisKeys keys, int cap, long ttlMillis, long indexTtlMillis) {
        this.indexTtlMillis = indexTtlMillis;
        this.jedis = jedis;
        this.keys = keys;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void save(String executionId, String jobId, long startMillis, String json, boolean running,
                     boolean refresh) {
        LuaScripts.SAVE.eval(jedis,
                List.of(keys.recordKey(executionId), keys.indexKey(jobId), keys.jobIdsKey()),
                args(json, ttlMillis, running ? 1 : 0, startMillis, executionId, cap, jobId, keys.recordPrefix(),
                        JobFragment.extract(json), refresh ? 1 : 0, indexTtlMillis));
    }

    /**
     * Saves many records in one pipelined round trip, each by the same script as {@link #save}; a reply that is not
     * plain (NOSCRIPT, a broken connection) runs that save once more alone.
     */
    void saveAll(List<Save> saves) {
        List<Batch.Op> ops = new ArrayList<>(saves.size());
        for (Save s : saves) {
            ops.add(Batch.script(LuaScripts.SAVE,
                    List.of(keys.recordKey(s.executionId()), keys.indexKey(s.jobId()), keys.jobIdsKey()),
                    args(s.json(), ttlMillis, s.running() ? 1 : 0, s.startMillis(), s.executionId(), cap, s.jobId(),
                            keys.recordPrefix(), JobFragment.extract(s.json()), s.refresh() ? 1 : 0,
                            indexTtlMillis)));
        }
        List<Object> replies = Batch.run(jedis, ops);
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) == Batch.WRONG_TYPE) {
                throw new redis.clients.jedis.exceptions.JedisDataException("WRONGTYPE saving execution '"
                        + saves.get(i).executionId() + "': a key of job '" + saves.get(i).jobId()
                        + "' holds another Redis type");
            }
        }
    }

    /**
     * Reads every retained run of each job by plain commands: one pipelined round trip for the indexes
     * (ZREVRANGEBYSCORE), one for the records (an MGET per job). Entries whose record is missing, or holds another
     * type, are left out (and left for a history read to clean up).
     *
     * @return per job, in order, its entries newest first; null for an index of another type
     */
    List<List<IndexEntry>> readAll(List<String> jobIds) {
        List<Batch.Op> ranges = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            ranges.add(Batch.zrevrangeByScore(keys.indexKey(jobId), "(+inf", "(-inf"));
        }
        List<Object> members = Batch.run(jedis, ranges);
        List<Batch.Op> gets = new ArrayList<>();
        for (Object m : members) {
            if (m != Batch.WRONG_TYPE && !((List<?>) m).isEmpty()) {
                List<?> list = (List<?>) m;
                String[] recordKeys = new String[list.size()];
                for (int i = 0; i < recordKeys.length; i++) {
                    recordKeys[i] = keys.recordKey((String) list.get(i));
                }
                gets.add(Batch.mget(recordKeys));
            }
        }
        List<Object> values = Batch.run(jedis, gets);
        List<List<IndexEntry>> result = new ArrayList<>(jobIds.size());
        int at = 0;
        for (Object m : members) {
            if (m == Batch.WRONG_TYPE) {
                result.add(null);
                continue;
            }
            List<?> list = (List<?>) m;
            List<IndexEntry> entries = new ArrayList<>(list.size());
            if (!list.isEmpty()) {
                List<?> got = (List<?>) values.get(at++);
                for (int i = 0; i < list.size(); i++) {
                    if (got.get(i) != null) {
                        entries.add(new IndexEntry((String) list.get(i), (String) got.get(i)));
                    }
                }
            }
            result.add(entries);
        }
        return result;
    }

    /** One record to save. */
    record Save(String executionId, String jobId, long startMillis, String json, boolean running, boolean refresh) {
    }

    @Override
    public String get(String executionId) {
        return jedis.get(keys.recordKey(executionId));
    }

    /**
     * The fast read, for a first page: ZREVRANGEBYSCORE ... LIMIT and one MGET, plain commands
     * that cost the server about what a hand-written read costs (a script would copy every value through Lua). It
     * answers without a resume position; when a value is missing or of another type it leaves the request to the
     * script, which removes expired entries and tells the two apart.
     */
    @Override
    public ScanResult scan(ScanRequest r, boolean fast) {
        if (fast && r.afterScore() == null) {
            ScanResult plain = plainScan(r);
            if (plain != null) {
                return plain;
            }
        }
        return scriptedScan(r);
    }

    private ScanResult plainScan(ScanRequest r) {
        String indexKey = keys.indexKey(r.jobId());
        boolean counted = r.count() > 0 && r.status().isEmpty();
        int limit = counted ? r.count() : cap + 1;
        List<String> members;
        try {
            // without a status filter the first `count` entries; with one (checked by the registry after reading) or
            // for all, the whole retained history, one more than the cap to see whether it goes on
            members = jedis.zrevrangeByScore(indexKey, r.max(), r.min(), 0, limit);
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            if (RedisHistoryException.isWrongType(e)) {
                throw new WrongTypeException(indexKey);
            }
            throw e;
        }
        if (members.isEmpty()) {
            return ScanResult.EMPTY;
        }
        String[] recordKeys = new String[members.size()];
        for (int i = 0; i < recordKeys.length; i++) {
            recordKeys[i] = keys.recordKey(members.get(i));
        }
        List<String> values = jedis.mget(recordKeys);
        List<IndexEntry> entries = new ArrayList<>(members.size());
        for (int i = 0; i < recordKeys.length; i++) {
            if (values.get(i) == null) {
                return null; // expired, or another type: the script tells which and cleans up
            }
            entries.add(new IndexEntry(members.get(i), values.get(i)));
        }
        return new ScanResult(entries, members.size() == limit, null, null);
    }

    private ScanResult scriptedScan(ScanRequest r) {
        Object reply = LuaScripts.HISTORY.eval(jedis, List.of(keys.indexKey(r.jobId())),
                args(keys.recordPrefix(), r.max(), r.min(), r.afterScore() == null ? "" : r.afterScore(),
                        r.afterMember() == null ? "" : r.afterMember(), r.count(), r.status()));
        List<?> flat = (List<?>) reply;
        long flag = (Long) flat.get(0);
        if (flag < 0) {
            throw new WrongTypeException(keys.indexKey(r.jobId()));
        }
        List<IndexEntry> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 2; i + 1 < flat.size(); i += 2) {
            entries.add(new IndexEntry((String) flat.get(i), (String) flat.get(i + 1)));
        }
        Long resumeScore = flag == 1 && flat.get(1) != null ? scoreMillis((String) flat.get(1)) : null;
        return new ScanResult(entries, resumeScore != null, resumeScore,
                entries.isEmpty() ? null : entries.get(entries.size() - 1).member());
    }

    /** A score the script read back; the read bounds exclude infinities, so it is a finite number. */
    private static long scoreMillis(String score) {
        return (long) Double.parseDouble(score);
    }

    @Override
    public int deleteHistory(String jobId) {
        Object deleted = LuaScripts.DELETE_HISTORY.eval(jedis, List.of(keys.indexKey(jobId), keys.jobIdsKey()),
                args(keys.recordPrefix(), JobFragment.of(jobId), jobId));
        return ((Long) deleted).intValue();
    }

    @Override
    public Set<String> jobIds() {
        return HistoryStore.jobIds(LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of()),
                keys.jobIdsKey());
    }
}
