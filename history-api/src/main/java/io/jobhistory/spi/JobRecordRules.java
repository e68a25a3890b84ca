package io.jobhistory.spi;

import io.jobhistory.ExecutionRecord;
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
 * How every backend keeps a job's {@link JobRecord} and {@link JobStatistics} on each save, so that saves in any order,
 * repeated, or from several instances give the same result: the record only moves forward, and a run is counted once,
 * when it first becomes finished. A backend applies these in the same atomic step as the save of the run.
 */
public final class JobRecordRules {

    private JobRecordRules() {
    }

    /**
     * Whether saving {@code saved} makes its run finished for the first time, given what the store held for that
     * execution id ({@code stored}, null if nothing): then it is counted in the job record and the statistics.
     */
    public static boolean isFirstFinish(ExecutionRecord stored, ExecutionRecord saved) {
        return saved.isFinished() && (stored == null || !stored.isFinished());
    }

    /**
     * The job record after {@code saved} (in its stored form) is saved over {@code current} (null if the job has
     * none yet). The newest run (by {@link ExecutionRecord#NEWEST_FIRST}) is replaced by a newer one or by a later
     * save of the same run, never by a running save of a finished one; the last error, success and failure only move
     * to later runs; the counts grow only when {@code firstFinish}.
     */
    public static JobRecord apply(JobRecord current, ExecutionRecord saved, boolean firstFinish) {
        JobRecord.Builder b = current == null ? JobRecord.builder(saved.jobId(), saved.jobName()) : current.toBuilder();
        ExecutionRecord last = current == null ? null : current.lastRun().orElse(null);
        if (last == null || isNewerOrSameRun(saved, last)) {
            b.jobName(saved.jobName()).lastRun(saved);
        }
        ExecutionStatus status = saved.status();
        if ((status == ExecutionStatus.FAILED || status == ExecutionStatus.PARTIAL_SUCCESS)
                && !saved.errors().isEmpty()) {
            Instant errorStart = current == null ? null : current.lastErrorStartTime().orElse(null);
            if (errorStart == null || !saved.startTime().isBefore(errorStart)) {
                b.lastError(saved.errors().get(0), saved.executionId(), saved.startTime());
            }
        }
        Instant end = saved.endTime().orElse(null);
        if (status == ExecutionStatus.SUCCESS && later(end, current == null ? null
                : current.lastSuccessTime().orElse(null))) {
            b.lastSuccessTime(end);
        }
        if (status == ExecutionStatus.FAILED && later(end, current == null ? null
                : current.lastFailureTime().orElse(null))) {
            b.lastFailureTime(end);
        }
        if (firstFinish && JobRecord.COUNTED.contains(status)) {
            long before = current == null ? 0 : current.finishedCounts().get(status);
            b.finishedCount(status, before + 1);
        }
        return b.build();
    }

    /**
     * The job record after the run {@code executionId} was deleted ({@code deleteRun}): if it was the newest run, the
     * newest remaining run ({@code newestRemaining}, null if none) takes its place. Counts and times stay.
     */
    public static JobRecord afterDelete(JobRecord current, String executionId, ExecutionRecord newestRemaining) {
        if (current == null || current.lastRun().map(run -> !run.executionId().equals(executionId)).orElse(true)) {
            return current;
        }
        JobRecord.Builder b = current.toBuilder();
        return (newestRemaining == null ? b.noLastRun() : b.lastRun(newestRemaining)).build();
    }

    /**
     * The period {@code finished} counts in, after counting it: {@code current} (null if the period had no run yet)
     * with one more run of its status and, unless it was skipped, its duration added.
     */
    public static JobStatistics.Period count(JobStatistics.Period current, Instant periodStart,
                                             ExecutionRecord finished) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        Duration total = Duration.ZERO;
        Duration max = Duration.ZERO;
        List<Long> histogram = new ArrayList<>();
        if (current == null) {
            for (int i = 0; i <= JobStatistics.HISTOGRAM_EDGES.size(); i++) {
                histogram.add(0L);
            }
        } else {
            counts.putAll(current.counts());
            total = current.totalDuration();
            max = current.maxDuration();
            histogram.addAll(current.histogram());
        }
        counts.merge(finished.status(), 1L, Long::sum);
        if (finished.status() != ExecutionStatus.SKIPPED) {
            Duration duration = finished.duration().orElse(Duration.ZERO);
            total = total.plus(duration);
            if (duration.compareTo(max) > 0) {
                max = duration;
            }
            int bucket = JobStatistics.Period.bucketOf(duration);
            histogram.set(bucket, histogram.get(bucket) + 1);
        }
        return new JobStatistics.Period(periodStart, counts, total, max, histogram);
    }

    /** The start of the oldest hourly period kept at {@code now}: {@link JobStatistics#HOURS_KEPT} hours back. */
    public static Instant oldestHourKept(Instant now) {
        return JobStatistics.Granularity.HOUR.periodOf(now).minus(Duration.ofHours(JobStatistics.HOURS_KEPT - 1));
    }

    /** The start of the oldest daily period kept at {@code now} with records living {@code timeToLive}. */
    public static Instant oldestDayKept(Instant now, Duration timeToLive) {
        return JobStatistics.Granularity.DAY.periodOf(now.minus(timeToLive));
    }

    private static boolean isNewerOrSameRun(ExecutionRecord saved, ExecutionRecord last) {
        if (saved.executionId().equals(last.executionId())) {
            return !RecordRules.isRefused(last, saved);
        }
        return ExecutionRecord.NEWEST_FIRST.compare(saved, last) < 0;
    }

    private static boolean later(Instant candidate, Instant current) {
        return candidate != null && (current == null || candidate.isAfter(current));
    }
}
