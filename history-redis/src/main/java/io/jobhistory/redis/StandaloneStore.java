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

    @Override
    public String get(String executionId) {
        return jedis.get(keys.recordKey(executionId));
    }

    @Override
    public ScanResult scan(ScanRequest r) {
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
