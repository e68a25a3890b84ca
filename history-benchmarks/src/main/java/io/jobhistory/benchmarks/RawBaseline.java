package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.json.ExecutionRecordJson;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.util.ArrayList;
import java.util.List;

/**
 * What a hand-written Redis history would do, with the minimal commands and the same key layout and JSON: the
 * yardstick our registry is measured against.
 */
final class RawBaseline {

    private static final long TTL_MILLIS = 30L * 24 * 3600 * 1000;
    private static final int CAP = 100;

    private final UnifiedJedis jedis;
    private final String prefix;

    RawBaseline(UnifiedJedis jedis, String prefix) {
        this.jedis = jedis;
        this.prefix = prefix;
    }

    /** SET with PX, ZADD, trim, PEXPIRE: one pipeline, one round trip. Trimmed records are left to their TTL. */
    void save(ExecutionRecord record) {
        String index = prefix + ":job_history_index:" + record.jobId();
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            pipeline.set(prefix + ":execution_history:" + record.executionId(), ExecutionRecordJson.toJson(record),
                    SetParams.setParams().px(TTL_MILLIS));
            pipeline.zadd(index, record.startTime().toEpochMilli(), record.executionId());
            pipeline.zremrangeByRank(index, 0, -CAP - 1);
            pipeline.pexpire(index, TTL_MILLIS);
            pipeline.sync();
        }
    }

    /** ZREVRANGE then MGET: two round trips, then decoding, and filtering by status if one is given. */
    List<ExecutionRecord> history(String jobId, int limit, ExecutionStatus status) {
        List<String> ids = jedis.zrevrange(prefix + ":job_history_index:" + jobId, 0,
                status == null ? limit - 1 : CAP - 1);
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] keys = new String[ids.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = prefix + ":execution_history:" + ids.get(i);
        }
        List<ExecutionRecord> records = new ArrayList<>(Math.min(limit, keys.length));
        for (String json : jedis.mget(keys)) {
            if (json != null && records.size() < limit) {
                ExecutionRecord record = ExecutionRecordJson.fromJson(json);
                if (status == null || record.status() == status) {
                    records.add(record);
                }
            }
        }
        return records;
    }
}
