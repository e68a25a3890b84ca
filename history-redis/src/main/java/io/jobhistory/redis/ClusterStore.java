package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/**
 * Redis Cluster: a record, its job's index and the job ids live in different hash slots, so every command and script
 * touches one key, and commands for several keys go out in one cluster pipeline (one round trip per node involved).
 * A save is one pipeline, plus one more only when retention trimmed runs whose records must be deleted.
 */
final class ClusterStore implements HistoryStore {

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final int cap;
    private final long ttlMillis;
    private final long indexTtlMillis;

    ClusterStore(UnifiedJedis jedis, RedisKeys keys, int cap, long ttlMillis, long indexTtlMillis) {
        this.indexTtlMillis = indexTtlMillis;
        this.jedis = jedis;
        this.keys = keys;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void save(String executionId, String jobId, long startMillis, String json, boolean running,
                     boolean refresh) {
        String flag = running ? "1" : "0";
        List<String> recordKey = List.of(keys.recordKey(executionId));
        List<String> recordArgs = args(json, ttlMillis, flag);
        List<String> indexKey = List.of(keys.indexKey(jobId));
        List<String> indexArgs = args(startMillis, executionId, cap, indexTtlMillis, flag, refresh ? 1 : 0);
        List<String> jobsKey = List.of(keys.jobIdsKey());
        List<String> jobsArgs = args(jobId, indexTtlMillis);
        Response<Object> written;
        Response<Object> indexed;
        Response<Object> seen = null;
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            written = LuaScripts.WRITE_RECORD.queue(pipeline, recordKey, recordArgs);
            indexed = LuaScripts.INDEX_ADD.queue(pipeline, indexKey, indexArgs);
            if (refresh) {
                seen = LuaScripts.JOB_SEEN.queue(pipeline, jobsKey, jobsArgs);
            }
            pipeline.sync();
        }
        LuaScripts.WRITE_RECORD.result(written, jedis, recordKey, recordArgs);
        List<?> reply = (List<?>) LuaScripts.INDEX_ADD.result(indexed, jedis, indexKey, indexArgs);
        List<?> removed = (List<?>) reply.get(0);
        boolean created = ((Long) reply.get(1)) == 1;
        if (seen != null) {
            LuaScripts.JOB_SEEN.result(seen, jedis, jobsKey, jobsArgs);
        } else if (created) {
            LuaScripts.JOB_SEEN.eval(jedis, jobsKey, jobsArgs); // a new index: its job must be listed at once
        }
        if (!removed.isEmpty()) {
            deleteRecords(removed, JobFragment.extract(json));
        }
    }

    /** Deletes the records of these members that still belong to the job; returns how many. */
    private int deleteRecords(List<?> members, String fragment) {
        List<List<String>> keyLists = new ArrayList<>();
        List<Response<Object>> responses = new ArrayList<>();
        List<String> args = List.of(fragment);
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (Object member : members) {
                List<String> key = List.of(keys.recordKey((String) member));
                keyLists.add(key);
                responses.add(LuaScripts.DELETE_IF_JOB.queue(pipeline, key, args));
            }
            pipeline.sync();
        }
        int deleted = 0;
        for (int i = 0; i < responses.size(); i++) {
            deleted += ((Long) LuaScripts.DELETE_IF_JOB.result(responses.get(i), jedis, keyLists.get(i), args))
                    .intValue();
        }
        return deleted;
    }

    @Override
    public String get(String executionId) {
        return jedis.get(keys.recordKey(executionId));
    }

    @Override
    public ScanResult scan(ScanRequest r) {
        String indexKey = keys.indexKey(r.jobId());
        List<Tuple> range;
        try {
            range = jedis.zrevrangeByScoreWithScores(indexKey, r.maxWithTies(), r.min());
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw new WrongTypeException(indexKey);
            }
            throw e;
        }
        List<Tuple> candidates = new ArrayList<>(range.size());
        for (Tuple t : range) {
            if (!r.passed((long) t.getScore(), t.getElement())) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            return ScanResult.EMPTY;
        }
        // A status filter is checked here, after reading: read every candidate at once rather than batch by batch.
        int take = r.count() > 0 && r.status().isEmpty() ? Math.min(r.count(), candidates.size()) : candidates.size();
        List<Response<String>> values = new ArrayList<>(take);
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < take; i++) {
                values.add(pipeline.get(keys.recordKey(candidates.get(i).getElement())));
            }
            pipeline.sync();
        }
        List<IndexEntry> entries = new ArrayList<>(take);
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < take; i++) {
            Tuple t = candidates.get(i);
            String value;
            try {
                value = values.get(i).get();
            } catch (JedisDataException wrongType) {
                entries.add(new IndexEntry(t.getElement(), null));
                continue;
            }
            if (value == null) {
                stale.add(t.getElement());
            } else {
                entries.add(new IndexEntry(t.getElement(), value));
            }
        }
        if (!stale.isEmpty()) {
            jedis.zrem(indexKey, stale.toArray(new String[0]));
        }
        Tuple last = candidates.get(take - 1);
        return new ScanResult(entries, take < candidates.size(), (long) last.getScore(), last.getElement());
    }

    @Override
    public int deleteHistory(String jobId) {
        String indexKey = keys.indexKey(jobId);
        List<String> members;
        try {
            members = jedis.zrange(indexKey, 0, -1);
        } catch (JedisDataException e) {
            members = List.of();
        }
        int deleted = members.isEmpty() ? 0 : deleteRecords(members, JobFragment.of(jobId));
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            if (!members.isEmpty()) {
                pipeline.del(indexKey);
            }
            pipeline.zrem(keys.jobIdsKey(), jobId);
            pipeline.sync();
        }
        return deleted;
    }

    @Override
    public Set<String> jobIds() {
        List<?> ids = (List<?>) LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of());
        Set<String> result = new LinkedHashSet<>();
        ids.forEach(id -> result.add((String) id));
        return result;
    }
}
