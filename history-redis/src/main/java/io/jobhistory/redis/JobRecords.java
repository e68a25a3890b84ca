package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.JobRecordRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads of the job-level keys the saves' job step keeps (job record, statistics), and the job record's update after
 * {@code deleteRun}. Plain commands on one key each, so the same code serves a single server and a cluster: many jobs'
 * records are one {@link Batch} (one round trip per node). A key of another type, or a value that does not parse,
 * fails the read with a {@link RedisHistoryException} naming the key; a missing key (data of an older version) reads
 * as no record and no periods.
 */
final class JobRecords {

    private static final String[] COUNT_FIELDS = {"n_s", "n_p", "n_f", "n_k"};

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeToLive;

    JobRecords(UnifiedJedis jedis, RedisKeys keys, Clock clock, Duration timeToLive) {
        this.jedis = jedis;
        this.keys = keys;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    /** The job records of {@code jobIds} that have one, in order: one HGETALL each, in one batch. */
    List<JobRecord> read(List<String> jobIds) {
        List<Batch.Op> ops = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            ops.add(Batch.hgetAll(keys.jobRecordKey(jobId)));
        }
        List<Object> replies = Batch.run(jedis, ops);
        List<JobRecord> records = new ArrayList<>(jobIds.size());
        for (int i = 0; i < jobIds.size(); i++) {
            String key = keys.jobRecordKey(jobIds.get(i));
            Map<?, ?> hash = checked(key, replies.get(i));
            if (!hash.isEmpty()) {
                records.add(parse(key, jobIds.get(i), hash));
            }
        }
        return records;
    }

    /** The job's kept periods of {@code granularity} in {@code [from, to)}: one HGETALL. */
    List<JobStatistics.Period> statistics(String jobId, JobStatistics.Granularity granularity, Instant from,
                                          Instant to) {
        String key = keys.statsKey(jobId);
        Map<?, ?> hash = checked(key, Batch.run(jedis, List.of(Batch.hgetAll(key))).get(0));
        boolean hours = granularity == JobStatistics.Granularity.HOUR;
        Instant now = clock.instant();
        Instant oldest = hours ? JobRecordRules.oldestHourKept(now) : JobRecordRules.oldestDayKept(now, timeToLive);
        long unit = granularity.length().toMillis();
        List<JobStatistics.Period> periods = new ArrayList<>();
        for (Map.Entry<?, ?> e : hash.entrySet()) {
            String field = (String) e.getKey();
            if (field.isEmpty() || field.charAt(0) != (hours ? 'h' : 'd')) {
                continue;
            }
            try {
                Instant start = Instant.ofEpochMilli(Long.parseLong(field.substring(1)) * unit);
                if (!start.isBefore(oldest) && !start.isBefore(from) && start.isBefore(to)) {
                    periods.add(period(start, (String) e.getValue()));
                }
            } catch (RuntimeException bad) {
                throw badData(key, "field '" + field + "' is not a statistics period (" + bad.getMessage() + ")", bad);
            }
        }
        return periods;
    }

    /**
     * Applies {@link JobRecordRules#afterDelete}: if the deleted run was the job record's newest, the newest run left in
     * the index takes its place (a compare-and-set script, so a save that moved it meanwhile wins).
     */
    void afterDelete(String jobId, String executionId) {
        String key = keys.jobRecordKey(jobId);
        if (!executionId.equals(jedis.hget(key, "run_id"))) {
            return;
        }
        ExecutionRecord newest = null;
        List<String> members;
        try {
            members = jedis.zrevrange(keys.indexKey(jobId), 0, 4);
        } catch (JedisDataException e) {
            if (!RedisHistoryException.isWrongType(e)) {
                throw e;
            }
            members = List.of(); // an index of another type holds no run
        }
        for (String member : members) {
            String json = jedis.get(keys.recordKey(member));
            if (json != null) {
                ExecutionRecord run = ExecutionRecordJson.fromJson(json);
                if (run.jobId().equals(jobId) && run.executionId().equals(member)) {
                    newest = run;
                    break;
                }
            }
        }
        List<String> args = newest == null ? HistoryStore.args(executionId, "", "", "", "")
                : HistoryStore.args(executionId, ExecutionRecordJson.toJson(JobRecord.builder(jobId, newest.jobName())
                        .lastRun(newest).build().lastRun().orElseThrow()), newest.executionId(),
                        newest.startTime().toEpochMilli(), newest.isFinished() ? 1 : 0);
        LuaScripts.JOB_LAST_RUN.eval(jedis, List.of(key), args);
    }

    private static Map<?, ?> checked(String key, Object reply) {
        if (reply == Batch.WRONG_TYPE) {
            throw badData(key, "it holds another Redis type", null);
        }
        return (Map<?, ?>) reply;
    }

    private static JobRecord parse(String key, String jobId, Map<?, ?> hash) {
        try {
            String name = (String) hash.get("name");
            if (name == null) {
                throw new IllegalArgumentException("no field 'name'");
            }
            JobRecord.Builder b = JobRecord.builder(jobId, name);
            String run = (String) hash.get("run");
            if (run != null) {
                b.lastRun(ExecutionRecordJson.fromJson(run));
            }
            String error = (String) hash.get("err");
            if (error != null) {
                b.lastError(error, require(hash, "err_id"), Instant.ofEpochMilli(millis(hash, "err_start")));
            }
            if (hash.get("ok_end") != null) {
                b.lastSuccessTime(Instant.ofEpochMilli(millis(hash, "ok_end")));
            }
            if (hash.get("fail_end") != null) {
                b.lastFailureTime(Instant.ofEpochMilli(millis(hash, "fail_end")));
            }
            for (int i = 0; i < COUNT_FIELDS.length; i++) {
                if (hash.get(COUNT_FIELDS[i]) != null) {
                    b.finishedCount(JobRecord.COUNTED.get(i), millis(hash, COUNT_FIELDS[i]));
                }
            }
            return b.build();
        } catch (RuntimeException bad) {
            throw badData(key, "it is not a job record (" + bad.getMessage() + ")", bad);
        }
    }

    /** A packed period, as {@code include/job_step.lua} writes it. */
    private static JobStatistics.Period period(Instant start, String packed) {
        int semi = packed.indexOf(';');
        String[] c = (semi < 0 ? packed : packed.substring(0, semi)).split(",");
        if (c.length != 6) {
            throw new IllegalArgumentException("value '" + packed + "' has " + c.length + " counters, not 6");
        }
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (int i = 0; i < 4; i++) {
            counts.put(JobRecord.COUNTED.get(i), Long.parseLong(c[i]));
        }
        List<Long> histogram = new ArrayList<>();
        for (int i = 0; i <= JobStatistics.HISTOGRAM_EDGES.size(); i++) {
            histogram.add(0L);
        }
        if (semi >= 0 && semi + 1 < packed.length()) {
            for (String bucket : packed.substring(semi + 1).split(",")) {
                int colon = bucket.indexOf(':');
                histogram.set(Integer.parseInt(bucket.substring(0, colon)), Long.parseLong(bucket.substring(colon + 1)));
            }
        }
        return new JobStatistics.Period(start, counts, Duration.ofMillis(Long.parseLong(c[4])),
                Duration.ofMillis(Long.parseLong(c[5])), histogram);
    }

    private static String require(Map<?, ?> hash, String field) {
        Object value = hash.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no field '" + field + "'");
        }
        return (String) value;
    }

    private static long millis(Map<?, ?> hash, String field) {
        return Long.parseLong(require(hash, field));
    }

    private static RedisHistoryException badData(String key, String what, Throwable cause) {
        return new RedisHistoryException("Redis execution history: key '" + key + "' holds bad data: " + what, cause,
                false);
    }
}
