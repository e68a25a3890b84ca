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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What retention adds to a job's counts as runs leave its index, from their records (read before they are deleted),
 * as {@link JobRecordRules} counts them: plain commands, no script, so a save costs the server about what it did
 * without job records. A BITFIELD adds the counts, durations and histogram buckets to the job's {@link StatsRing}; a
 * {@code ZADD GT} keeps the maxima (a period's longest run, the last success and failure); an HSET the newest error.
 * {@code claim.lua} readies a period's slot before its first increment from this instance. A run whose record is
 * missing, of another job or unreadable is removed without being counted.
 */
final class JobFold {

    /** How long an instance trusts its own claim of a period's slot before claiming it again. */
    private static final long CLAIM_TRUST_NANOS = 10L * 60 * 1_000_000_000L;

    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeToLive;
    private final StatsRing ring;
    /** "job id \n h|d period" to when this instance last claimed that slot (System.nanoTime). */
    private final Map<String, Long> claimed = new ConcurrentHashMap<>();
    /** "job id \n h|d period" to the maximum this instance last added there (ms). */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();

    JobFold(RedisKeys keys, Clock clock, Duration timeToLive) {
        this.keys = keys;
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.ring = new StatsRing(timeToLive);
    }

    StatsRing ring() {
        return ring;
    }

    /** Forgets this instance's claims of a job's slots (its history was deleted). */
    void forget(String jobId) {
        claimed.keySet().removeIf(k -> k.startsWith(jobId + '\n'));
        sent.keySet().removeIf(k -> k.startsWith(jobId + '\n'));
    }

    /**
     * The fold of {@code members} of {@code jobId}'s index; {@code values.get(i)} is member i's stored record. Trims
     * of a job take turns and remove its oldest runs first, so a fold's newest error is newer than the one stored.
     */
    Fold of(String jobId, List<String> members, List<?> values) {
        List<ExecutionRecord> runs = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            runs.add(parse(jobId, members.get(i), i < values.size() ? values.get(i) : null));
        }
        return new Fold(jobId, List.copyOf(members), runs);
    }

    /** Some runs of one job leaving its index, with what they add. */
    final class Fold {
        private final String jobId;
        private final List<String> members;
        /** Per member, its run if counted (finished, readable, of this job), else null. */
        private final List<ExecutionRecord> runs;
        /** Where the ZREM of these runs is among the transaction's replies (single server). */
        int scoresAt;

        private Fold(String jobId, List<String> members, List<ExecutionRecord> runs) {
            this.jobId = jobId;
            this.members = members;
            this.runs = runs;
        }

        List<String> members() {
            return members;
        }

        String jobId() {
            return jobId;
        }

        /** The runs flagged {@code wanted} (1) or not (0) in {@code flags}, one per run, as scripts return them. */
        Fold only(List<?> flags, long wanted) {
            List<String> m = new ArrayList<>();
            List<ExecutionRecord> r = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                if (flags.get(i) instanceof Long flag && flag == wanted) {
                    m.add(members.get(i));
                    r.add(runs.get(i));
                }
            }
            return new Fold(jobId, m, r);
        }

        boolean isEmpty() {
            return members.isEmpty();
        }

        /** {@code claim.lua} for the slots these runs count in that this instance has not claimed lately; or null. */
        String[] claim() {
            Map<String, String[]> slots = new LinkedHashMap<>();
            long now = System.nanoTime();
            for (Period p : periods()) {
                String key = jobId + '\n' + p.field;
                Long at = claimed.get(key);
                if (at == null || now - at > CLAIM_TRUST_NANOS) {
                    slots.put(key, new String[] {Integer.toString(p.offset), Long.toString(p.number),
                            p.field.substring(0, 1)});
                }
            }
            // the job's name and TTLs too, when no slot needs readying (runs older than the kept periods)
            String named = jobId + "\nname";
            Long namedAt = claimed.get(named);
            if (slots.isEmpty() && namedAt != null && now - namedAt <= CLAIM_TRUST_NANOS) {
                return null;
            }
            claimed.put(named, now);
            slots.keySet().forEach(k -> claimed.put(k, now));
            if (sent.size() > 100_000) {
                sent.clear(); // a maximum sent again costs a ZADD, nothing else
            }
            if (claimed.size() > 100_000) {
                claimed.clear(); // claims are idempotent: forgetting them costs a script call each, nothing else
            }
            List<String> args = new ArrayList<>(List.of("EVAL", LuaScripts.CLAIM.source(), "3",
                    keys.statsKey(jobId), keys.maximaKey(jobId), keys.jobRecordKey(jobId),
                    Long.toString(timeToLive.toMillis()), name(), Integer.toString(StatsRing.SLOT_BYTES)));
            slots.values().forEach(s -> args.addAll(List.of(s)));
            return args.toArray(new String[0]);
        }

        /**
         * The commands adding these runs ({@code sign} 1), or taking their counts back ({@code sign} -1: only the
         * BITFIELD, as maxima and the newest error are the same whoever adds them): BITFIELD, ZADD GT, HSET.
         */
        List<String[]> increments(int sign) {
            List<String> bits = new ArrayList<>(List.of("BITFIELD", keys.statsKey(jobId), "OVERFLOW", "SAT"));
            Map<String, Long> maxima = new LinkedHashMap<>();
            ExecutionRecord newestError = null;
            for (Period p : periods()) {
                for (int i = 0; i < p.counts.length; i++) {
                    if (p.counts[i] > 0) {
                        bits.addAll(List.of("INCRBY", "u32", Long.toString(StatsRing.countBit(p.offset, i)),
                                Long.toString(sign * p.counts[i])));
                    }
                }
                if (p.totalMillis > 0) {
                    bits.addAll(List.of("INCRBY", "i64", Long.toString(StatsRing.totalBit(p.offset)),
                            Long.toString(sign * p.totalMillis)));
                }
                for (int b = 0; b < StatsRing.BUCKETS; b++) {
                    if (p.buckets[b] > 0) {
                        bits.addAll(List.of("INCRBY", "u32", Long.toString(StatsRing.bucketBit(p.offset, b)),
                                Long.toString(sign * p.buckets[b])));
                    }
                }
                if (p.counts[0] + p.counts[1] + p.counts[2] > 0) {
                    // only what raises the maximum this instance last sent: the stored one is at least that
                    String sentKey = jobId + '\n' + p.field;
                    Long sentMax = sent.get(sentKey);
                    if (sign > 0 && (sentMax == null || p.maxMillis > sentMax)) {
                        maxima.merge(p.field, p.maxMillis, Math::max);
                        sent.put(sentKey, p.maxMillis);
                    }
                }
            }
            // all-time counts: every counted run, whatever its day (a day past the ring still counts here)
            long[] all = new long[JobRecord.COUNTED.size()];
            for (ExecutionRecord run : runs) {
                if (run != null) {
                    all[JobRecord.COUNTED.indexOf(run.status())]++;
                    long end = run.endTime().map(Instant::toEpochMilli).orElse(0L);
                    if (run.status() == ExecutionStatus.SUCCESS) {
                        maxima.merge("ok_end", end, Math::max);
                    } else if (run.status() == ExecutionStatus.FAILED) {
                        maxima.merge("fail_end", end, Math::max);
                    }
                    if (erred(run) && (newestError == null || !run.startTime().isBefore(newestError.startTime()))) {
                        newestError = run;
                    }
                }
            }
            for (int i = 0; i < all.length; i++) {
                if (all[i] > 0) {
                    bits.addAll(List.of("INCRBY", "i64", Long.toString(StatsRing.allTimeBit(i)),
                            Long.toString(sign * all[i])));
                }
            }
            List<String[]> commands = new ArrayList<>(3);
            if (bits.size() > 4) {
                commands.add(bits.toArray(new String[0]));
            }
            if (sign > 0 && !maxima.isEmpty()) {
                List<String> zadd = new ArrayList<>(List.of("ZADD", keys.maximaKey(jobId), "GT"));
                maxima.forEach((member, score) -> {
                    zadd.add(Long.toString(score));
                    zadd.add(member);
                });
                commands.add(zadd.toArray(new String[0]));
            }
            if (sign > 0 && newestError != null) {
                commands.add(new String[] {"HSET", keys.jobRecordKey(jobId), "err", newestError.errors().get(0),
                        "err_id", newestError.executionId(), "err_start",
                        Long.toString(newestError.startTime().toEpochMilli())});
            }
            return commands;
        }

        private String name() {
            for (ExecutionRecord run : runs) {
                if (run != null) {
                    return run.jobName();
                }
            }
            return jobId;
        }

        /** The kept periods these runs count in, summed. */
        private List<Period> periods() {
            Instant now = clock.instant();
            long oldestHour = hours(JobRecordRules.oldestHourKept(now).toEpochMilli());
            long oldestDay = days(JobRecordRules.oldestDayKept(now, timeToLive).toEpochMilli());
            Map<String, Period> periods = new LinkedHashMap<>();
            for (ExecutionRecord run : runs) {
                if (run == null) {
                    continue;
                }
                long start = run.startTime().toEpochMilli();
                if (start > now.toEpochMilli() + 3_600_000L) {
                    continue; // from a clock far ahead: it would claim the slot of a period still kept
                }
                if (hours(start) >= oldestHour) {
                    periods.computeIfAbsent("h" + hours(start), f -> new Period(f, ring.offset(true, hours(start)),
                            hours(start))).add(run);
                }
                if (days(start) >= oldestDay) {
                    periods.computeIfAbsent("d" + days(start), f -> new Period(f, ring.offset(false, days(start)),
                            days(start))).add(run);
                }
            }
            return new ArrayList<>(periods.values());
        }
    }

    /** One period's sums. */
    private static final class Period {
        final String field;
        final int offset;
        final long number;
        final long[] counts = new long[JobRecord.COUNTED.size()];
        final long[] buckets = new long[StatsRing.BUCKETS];
        long totalMillis;
        long maxMillis;

        Period(String field, int offset, long number) {
            this.field = field;
            this.offset = offset;
            this.number = number;
        }

        void add(ExecutionRecord run) {
            counts[JobRecord.COUNTED.indexOf(run.status())]++;
            if (run.status() != ExecutionStatus.SKIPPED) {
                Duration d = run.duration().orElse(Duration.ZERO);
                totalMillis += d.toMillis();
                maxMillis = Math.max(maxMillis, d.toMillis());
                buckets[JobStatistics.Period.bucketOf(d)]++;
            }
        }
    }

    private static boolean erred(ExecutionRecord run) {
        return (run.status() == ExecutionStatus.FAILED || run.status() == ExecutionStatus.PARTIAL_SUCCESS)
                && !run.errors().isEmpty();
    }

    private static ExecutionRecord parse(String jobId, String member, Object value) {
        if (!(value instanceof String json)) {
            return null;
        }
        try {
            ExecutionRecord run = ExecutionRecordJson.fromJson(json);
            return run.isFinished() && JobRecord.COUNTED.contains(run.status()) && run.jobId().equals(jobId)
                    && run.executionId().equals(member) ? run : null;
        } catch (RuntimeException unreadable) {
            return null; // bad data: reads name it; retention removes the entry without counting it
        }
    }

    /**
     * Whether retention leaves a run past the cap alone for now: its record is a run of the job still running (not
     * past its heartbeat deadline, and started less than a day ago). Its finished save comes later; trimming it now
     * would drop it uncounted.
     */
    boolean stillRunning(String jobId, String member, Object value) {
        if (!(value instanceof String json)) {
            return false;
        }
        try {
            ExecutionRecord run = ExecutionRecordJson.fromJson(json);
            Instant now = clock.instant();
            return !run.isFinished() && run.jobId().equals(jobId) && run.executionId().equals(member)
                    && io.jobhistory.spi.RecordRules.seenAt(run, now).status() == ExecutionStatus.RUNNING
                    && run.startTime().isAfter(now.minus(Duration.ofDays(1)));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Hours since the epoch of {@code epochMillis}. */
    static long hours(long epochMillis) {
        return Math.floorDiv(epochMillis, 3_600_000L);
    }

    /** UTC days since the epoch of {@code epochMillis}. */
    static long days(long epochMillis) {
        return Math.floorDiv(epochMillis, 86_400_000L);
    }
}
