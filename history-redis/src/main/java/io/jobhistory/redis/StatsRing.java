package io.jobhistory.redis;

import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a job's statistics string, which saves add to with BITFIELD (no script): the all-time counts by
 * status, then a ring of fixed slots, {@value #HOURS} hourly and one per day of the time to live plus two, each
 * tagged with its period (hours or days since the epoch; 0 for none), holding counts by status, total milliseconds
 * and the histogram. A slot is zeroed for its new period by {@code claim.lua}. Maxima live in a sorted set beside
 * it ({@code ZADD GT}). Big-endian, as BITFIELD writes.
 *
 * <pre>
 * totals: 4 x i64 (success, partial_success, failed, skipped)          32 bytes
 * slot:   u32 period | 4 x u32 counts | i64 total ms | 11 x u32 buckets 72 bytes
 * </pre>
 */
final class StatsRing {

    static final int HOURS = JobStatistics.HOURS_KEPT;
    static final int BUCKETS = JobStatistics.HISTOGRAM_EDGES.size() + 1;
    static final int TOTALS_BYTES = JobRecord.COUNTED.size() * 8;
    static final int SLOT_BYTES = 4 + JobRecord.COUNTED.size() * 4 + 8 + BUCKETS * 4;

    private final int days;

    StatsRing(Duration timeToLive) {
        this.days = (int) Math.min(10_000, Math.ceil(timeToLive.toMillis() / 86_400_000.0)) + 2;
    }

    /** The slot of an hour or day (hours or days since the epoch), in bytes from the start of the string. */
    int offset(boolean hour, long period) {
        int slot = hour ? (int) Math.floorMod(period, (long) HOURS) : HOURS + (int) Math.floorMod(period, (long) days);
        return TOTALS_BYTES + slot * SLOT_BYTES;
    }

    /** Bit offsets of a slot's fields, for BITFIELD. */
    static long countBit(int slotOffset, int status) {
        return (slotOffset + 4 + status * 4L) * 8;
    }

    static long totalBit(int slotOffset) {
        return (slotOffset + 4 + JobRecord.COUNTED.size() * 4L) * 8;
    }

    static long bucketBit(int slotOffset, int bucket) {
        return (slotOffset + 12 + JobRecord.COUNTED.size() * 4L + bucket * 4L) * 8;
    }

    static long allTimeBit(int status) {
        return status * 64L;
    }

    /** The all-time counts in the first words {@code job_read.lua} returned (big-endian 32-bit words). */
    static long[] totals(List<Long> words) {
        long[] totals = new long[JobRecord.COUNTED.size()];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = Math.max(0, i64(words, i * 2)); // a count taken back after the key was deleted: below 0
        }
        return totals;
    }

    /**
     * The periods of {@code granularity} in the ring's words, with their maxima ({@code h<hours>} or {@code d<days>}
     * to milliseconds); slots never claimed (period 0) are left out.
     */
    List<JobStatistics.Period> periods(List<Long> words, JobStatistics.Granularity granularity,
                                       Map<String, Double> maxima) {
        boolean hours = granularity == JobStatistics.Granularity.HOUR;
        int from = hours ? 0 : HOURS;
        int to = hours ? HOURS : HOURS + days;
        int slotWords = SLOT_BYTES / 4;
        List<JobStatistics.Period> periods = new ArrayList<>();
        for (int slot = from; slot < to; slot++) {
            int at = (TOTALS_BYTES / 4) + slot * slotWords;
            if (at >= words.size() || words.get(at) == 0) {
                continue;
            }
            long period = words.get(at);
            Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
            for (int i = 0; i < JobRecord.COUNTED.size(); i++) {
                counts.put(JobRecord.COUNTED.get(i), word(words, at + 1 + i));
                // u32 counts saturate at 0 when taken back (OVERFLOW SAT); totals are i64
            }
            long total = Math.max(0, i64(words, at + 1 + JobRecord.COUNTED.size()));
            List<Long> histogram = new ArrayList<>(BUCKETS);
            for (int b = 0; b < BUCKETS; b++) {
                histogram.add(word(words, at + 3 + JobRecord.COUNTED.size() + b));
            }
            Double max = maxima.get((hours ? "h" : "d") + period);
            Instant start = Instant.ofEpochMilli(period * granularity.length().toMillis());
            periods.add(new JobStatistics.Period(start, counts, Duration.ofMillis(total),
                    Duration.ofMillis(max == null ? 0 : max.longValue()), histogram));
        }
        return periods;
    }

    private static long word(List<Long> words, int at) {
        return at < words.size() ? words.get(at) : 0;
    }

    private static long i64(List<Long> words, int at) {
        return (word(words, at) << 32) | word(words, at + 1);
    }
}
