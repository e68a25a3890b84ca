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
import java.util.HashMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads of a job's record and statistics: what {@code job_fold.lua} counted as runs left the index, plus the runs still
 * in it, read from their records ({@link JobRecordRules}, as every backend applies them). Two round trips on both
 * topologies: {@code job_read.lua} (the job-level keys and the index members, one slot, atomic against a fold), then
 * the records (one MGET per job on a single server, one GET each on a cluster, all in one {@link Batch}). A job-level
 * key of another type, or a value that does not parse, fails the read with a {@link RedisHistoryException} naming the
 * key; a missing key (data of an older version) reads as nothing counted yet.
 */
final class JobRecords {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);
    private static final String[] COUNT_FIELDS = {"n_s", "n_p", "n_f", "n_k"};

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeToLive;
    private final boolean perJob;

    JobRecords(UnifiedJedis jedis, RedisKeys keys, Clock clock, Duration timeToLive, boolean perJob) {
        this.jedis = jedis;
        this.keys = keys;
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.perJob = perJob;
    }

    /** The job records of {@code jobIds} that have one, in order. */
    List<JobRecord> read(List<String> jobIds) {
        List<Kept> kept = readKept(jobIds, false);
        List<JobRecord> records = new ArrayList<>(jobIds.size());
        for (Kept k : kept) {
            JobRecord record = k.hash.isEmpty() ? null : parse(keys.jobRecordKey(k.jobId), k.jobId, k.hash);
            for (ExecutionRecord run : k.runs) {
                record = JobRecordRules.apply(record, run, run.isFinished());
            }
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** The job's kept periods of {@code granularity} in {@code [from, to)}. */
    List<JobStatistics.Period> statistics(String jobId, JobStatistics.Granularity granularity, Instant from,
                                          Instant to) {
        Kept k = readKept(List.of(jobId), true).get(0);
        String key = keys.statsKey(jobId);
        boolean hours = granularity == JobStatistics.Granularity.HOUR;
        Instant now = clock.instant();
        Instant oldest = hours ? JobRecordRules.oldestHourKept(now) : JobRecordRules.oldestDayKept(now, timeToLive);
        long unit = granularity.length().toMillis();
        Map<Instant, JobStatistics.Period> periods = new TreeMap<>();
        for (Map.Entry<?, ?> e : k.stats.entrySet()) {
            String field = (String) e.getKey();
            if (field.isEmpty() || field.charAt(0) != (hours ? 'h' : 'd')) {
                continue;
            }
            try {
                Instant start = Instant.ofEpochMilli(Long.parseLong(field.substring(1)) * unit);
                periods.put(start, period(start, (String) e.getValue()));
            } catch (RuntimeException bad) {
                throw badData(key, "field '" + field + "' is not a statistics period (" + bad.getMessage() + ")", bad);
            }
        }
        for (ExecutionRecord run : k.runs) {
            if (run.isFinished()) {
                Instant start = granularity.periodOf(run.startTime());
                periods.put(start, JobRecordRules.count(periods.get(start), start, run));
            }
        }
        List<JobStatistics.Period> kept = new ArrayList<>();
        for (JobStatistics.Period p : periods.values()) {
            if (!p.start().isBefore(oldest) && !p.start().isBefore(from) && p.start().isBefore(to)) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** What a job keeps: its job record and statistics hashes and the runs of its index (read from their records). */
    private record Kept(String jobId, Map<?, ?> hash, Map<?, ?> stats, List<ExecutionRecord> runs) {
    }

    private List<Kept> readKept(List<String> jobIds, boolean stats) {
        List<Batch.Op> scripts = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            scripts.add(Batch.script(LuaScripts.JOB_READ,
                    List.of(keys.indexKey(jobId), keys.jobRecordKey(jobId), keys.statsKey(jobId)),
                    List.of(stats ? "1" : "0")));
        }
        List<Object> replies = Batch.run(jedis, scripts);
        List<List<String>> members = new ArrayList<>(jobIds.size());
        List<Batch.Op> gets = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            List<?> reply = (List<?>) replies.get(i);
            if ((Long) reply.get(0) != 1) {
                int which = ((Long) reply.get(1)).intValue();
                String key = which == 1 ? keys.indexKey(jobId) : which == 2 ? keys.jobRecordKey(jobId)
                        : keys.statsKey(jobId);
                throw badData(key, "it holds another Redis type", null);
            }
            List<String> m = new ArrayList<>();
            ((List<?>) reply.get(3)).forEach(x -> m.add((String) x));
            members.add(m);
            String[] recordKeys = m.stream().map(keys::recordKey).toArray(String[]::new);
            if (recordKeys.length > 0 && perJob) {
                gets.add(Batch.mget(recordKeys));
            } else {
                for (String recordKey : recordKeys) {
                    gets.add(Batch.get(recordKey));
                }
            }
        }
        List<Object> values = gets.isEmpty() ? List.of() : Batch.run(jedis, gets);
        List<Kept> kept = new ArrayList<>(jobIds.size());
        int at = 0;
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            List<String> m = members.get(i);
            List<?> got = m.isEmpty() ? List.of()
                    : perJob ? (List<?>) values.get(at++) : values.subList(at, at += m.size());
            List<ExecutionRecord> runs = new ArrayList<>(m.size());
            for (int j = 0; j < m.size(); j++) {
                ExecutionRecord run = run(jobId, m.get(j), got.get(j));
                if (run != null) {
                    runs.add(run);
                }
            }
            List<?> reply = (List<?>) replies.get(i);
            kept.add(new Kept(jobId, flat(reply.get(1)), flat(reply.get(2)), runs));
        }
        return kept;
    }

    /** A record of the index read for counting: null if missing (expired), of another job, or unreadable (logged). */
    private ExecutionRecord run(String jobId, String member, Object value) {
        String key = keys.recordKey(member);
        if (value == Batch.WRONG_TYPE) {
            log.warn("Skipping Redis key {} of job '{}': it holds a value of the wrong type", key, jobId);
            return null;
        }
        if (value == null) {
            return null;
        }
        try {
            ExecutionRecord run = ExecutionRecordJson.fromJson((String) value);
            return run.jobId().equals(jobId) && run.executionId().equals(member) ? run : null;
        } catch (IllegalArgumentException e) {
            log.warn("Skipping Redis key {}: its value is not a valid execution record ({})", key, e.getMessage());
            return null;
        }
    }

    /** A hash as a script returns it (field, value, ...). */
    private static Map<String, String> flat(Object reply) {
        List<?> list = (List<?>) reply;
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put((String) list.get(i), (String) list.get(i + 1));
        }
        return map;
    }

    private static JobRecord parse(String key, String jobId, Map<?, ?> hash) {
        try {
            String name = (String) hash.get("name");
            if (name == null) {
                throw new IllegalArgumentException("no field 'name'");
            }
            JobRecord.Builder b = JobRecord.builder(jobId, name);
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

    /** A packed period, as {@code include/period.lua} writes it. */
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
