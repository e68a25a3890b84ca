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
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads of a job's record and statistics: what retention counted as runs left the index ({@link JobFold}), plus the runs still
 * in it, read from their records ({@link JobRecordRules}, as every backend applies them). Two round trips on both
 * topologies: {@code job_read.lua} (the job-level keys and the index members, one slot, atomic against a fold), then
 * the records (one MGET per job on a single server, one GET each on a cluster, all in one {@link Batch}). A job-level
 * key of another type, or a value that does not parse, fails the read with a {@link RedisHistoryException} naming the
 * key; a missing key (data of an older version) reads as nothing counted yet.
 */
final class JobRecords {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeToLive;
    private final boolean perJob;
    private final StatsRing ring;

    JobRecords(UnifiedJedis jedis, RedisKeys keys, Clock clock, Duration timeToLive, boolean perJob) {
        this.ring = new StatsRing(timeToLive);
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
            JobRecord record = k.hash.get("name") == null ? null : folded(k);
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
        boolean hours = granularity == JobStatistics.Granularity.HOUR;
        Instant now = clock.instant();
        Instant oldest = hours ? JobRecordRules.oldestHourKept(now) : JobRecordRules.oldestDayKept(now, timeToLive);
        Map<Instant, JobStatistics.Period> periods = new TreeMap<>();
        for (JobStatistics.Period p : ring.periods(k.words, granularity, k.maxima)) {
            periods.put(p.start(), p);
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

    /** The job record of what retention counted: totals, maxima, the newest error; no newest run. */
    private JobRecord folded(Kept k) {
        String key = keys.jobRecordKey(k.jobId);
        try {
            JobRecord.Builder b = JobRecord.builder(k.jobId, k.hash.get("name"));
            String error = k.hash.get("err");
            if (error != null) {
                b.lastError(error, require(k.hash, "err_id"), Instant.ofEpochMilli(millis(k.hash, "err_start")));
            }
            Double ok = k.maxima.get("ok_end");
            if (ok != null) {
                b.lastSuccessTime(Instant.ofEpochMilli(ok.longValue()));
            }
            Double failed = k.maxima.get("fail_end");
            if (failed != null) {
                b.lastFailureTime(Instant.ofEpochMilli(failed.longValue()));
            }
            long[] totals = StatsRing.totals(k.words);
            for (int i = 0; i < totals.length; i++) {
                b.finishedCount(JobRecord.COUNTED.get(i), totals[i]);
            }
            return b.build();
        } catch (RuntimeException bad) {
            throw badData(key, "it is not a job record (" + bad.getMessage() + ")", bad);
        }
    }

    /** What a job keeps: its job record and statistics hashes and the runs of its index (read from their records). */
    private record Kept(String jobId, Map<String, String> hash, List<Long> words, Map<String, Double> maxima,
                        List<ExecutionRecord> runs) {
    }

    private List<Kept> readKept(List<String> jobIds, boolean stats) {
        List<Batch.Op> scripts = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            scripts.add(Batch.script(LuaScripts.JOB_READ, List.of(keys.indexKey(jobId), keys.jobRecordKey(jobId),
                    keys.statsKey(jobId), keys.maximaKey(jobId)), List.of(stats ? "1" : "0")));
        }
        List<Object> replies = Batch.run(jedis, scripts);
        List<List<String>> members = new ArrayList<>(jobIds.size());
        List<Batch.Op> gets = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            List<?> reply = (List<?>) replies.get(i);
            if ((Long) reply.get(0) != 1) {
                int which = ((Long) reply.get(1)).intValue();
                String key = switch (which) {
                    case 1 -> keys.indexKey(jobId);
                    case 2 -> keys.jobRecordKey(jobId);
                    case 3 -> keys.statsKey(jobId);
                    default -> keys.maximaKey(jobId);
                };
                throw badData(key, "it holds another Redis type", null);
            }
            List<String> m = new ArrayList<>();
            ((List<?>) reply.get(4)).forEach(x -> m.add((String) x));
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
            List<Long> words = new ArrayList<>();
            ((List<?>) reply.get(2)).forEach(w -> words.add((Long) w));
            Map<String, Double> maxima = new HashMap<>();
            String maximaKey = keys.maximaKey(jobId);
            flat(reply.get(3)).forEach((member, score) -> {
                try {
                    maxima.put(member, Double.parseDouble(score));
                } catch (NumberFormatException e) {
                    throw badData(maximaKey, "member '" + member + "' has score '" + score + "'", e);
                }
            });
            kept.add(new Kept(jobId, flat(reply.get(1)), words, maxima, runs));
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
