package io.jobhistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's runs counted by hour or by day (UTC), kept apart from its runs so they outlast the run cap: hourly for the
 * last {@value #HOURS_KEPT} hours, daily for the registry's time to live. A run counts once, in the period of its
 * start time, when it first becomes finished, whatever retries, duplicate saves or instances write it.
 *
 * @param jobId       the job
 * @param granularity hours or days
 * @param periods     the periods that had a run, oldest first
 */
public record JobStatistics(String jobId, Granularity granularity, List<Period> periods) {

    /** Hourly statistics are kept for this many hours. */
    public static final int HOURS_KEPT = 48;

    /**
     * The upper edges of the duration histogram's buckets: a run of duration {@code d} falls in the first bucket whose
     * edge is greater than {@code d}, or in the last bucket (one more than there are edges) if none is. A percentile
     * read from the histogram is known to within its bucket: for the p95 of runs of a few seconds, a factor of 2 to 5
     * (the ratio of neighbouring edges).
     */
    public static final List<Duration> HISTOGRAM_EDGES = List.of(Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1));

    /** Validates and copies. */
    public JobStatistics {
        Objects.requireNonNull(jobId, "jobId must not be null");
        Objects.requireNonNull(granularity, "granularity must not be null");
        periods = List.copyOf(Objects.requireNonNull(periods, "periods must not be null"));
    }

    /** The length of a period. */
    public enum Granularity {
        /** An hour, from a whole hour UTC. */
        HOUR(Duration.ofHours(1)),
        /** A day, from midnight UTC. */
        DAY(Duration.ofDays(1));

        private final Duration length;

        Granularity(Duration length) {
            this.length = length;
        }

        /** How long a period is. */
        public Duration length() {
            return length;
        }

        /** The start of the period {@code instant} falls in. */
        public Instant periodOf(Instant instant) {
            long millis = length.toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), millis) * millis);
        }
    }

    /**
     * One hour or day of a job's finished runs.
     *
     * @param start         when the period begins
     * @param counts        runs per finished status ({@link JobRecord#COUNTED}, each present)
     * @param totalDuration the durations of its runs added up ({@code skipped} ones aside)
     * @param maxDuration   its longest run ({@code skipped} ones aside)
     * @param histogram     runs ({@code skipped} ones aside) per duration bucket, one more than
     *                      {@link #HISTOGRAM_EDGES}
     */
    public record Period(Instant start, Map<ExecutionStatus, Long> counts, Duration totalDuration,
                         Duration maxDuration, List<Long> histogram) {

        /** Validates and copies. */
        public Period {
            Objects.requireNonNull(start, "start must not be null");
            Objects.requireNonNull(counts, "counts must not be null");
            Map<ExecutionStatus, Long> copy = new EnumMap<>(ExecutionStatus.class);
            for (ExecutionStatus status : JobRecord.COUNTED) {
                long count = counts.getOrDefault(status, 0L);
                if (count < 0) {
                    throw new IllegalArgumentException("count of " + status + " must be 0 or more, but was " + count);
                }
                copy.put(status, count);
            }
            for (ExecutionStatus status : counts.keySet()) {
                if (!JobRecord.COUNTED.contains(status)) {
                    throw new IllegalArgumentException("periods count " + JobRecord.COUNTED + ", not " + status);
                }
            }
            counts = Collections.unmodifiableMap(copy);
            Objects.requireNonNull(totalDuration, "totalDuration must not be null");
            Objects.requireNonNull(maxDuration, "maxDuration must not be null");
            histogram = List.copyOf(Objects.requireNonNull(histogram, "histogram must not be null"));
            if (histogram.size() != HISTOGRAM_EDGES.size() + 1) {
                throw new IllegalArgumentException("histogram must have " + (HISTOGRAM_EDGES.size() + 1)
                        + " buckets, but had " + histogram.size());
            }
        }

        /** Runs in the period, every finished status. */
        public long runs() {
            long runs = 0;
            for (long count : counts.values()) {
                runs += count;
            }
            return runs;
        }

        /** The bucket of the histogram a run of {@code duration} falls in. */
        public static int bucketOf(Duration duration) {
            for (int i = 0; i < HISTOGRAM_EDGES.size(); i++) {
                if (duration.compareTo(HISTOGRAM_EDGES.get(i)) < 0) {
                    return i;
                }
            }
            return HISTOGRAM_EDGES.size();
        }
    }
}
