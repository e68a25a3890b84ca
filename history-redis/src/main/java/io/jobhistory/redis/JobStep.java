package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobRecord;
import io.jobhistory.JobStatistics;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.JobRecordRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a save's job step ({@code include/job_step.lua}) needs of its record, computed once per save: the status, the
 * period fields it counts in, its duration's histogram bucket, its lean JSON for the job record, its first error.
 * The script applies {@link JobRecordRules} with them.
 */
record JobStep(String executionId, String jobId, long startMillis, boolean running, String status, String hourField,
               String dayField, String oldestHour, String oldestDay, String durationMillis, int bucket,
               String leanJson, String error, String endMillis, String jobName, String fragment, long nowMillis) {

    /**
     * The execution ids a job remembers as counted, newest save first: a finished save repeated after this many newer
     * runs of the job were first counted would count again.
     */
    static final int COUNTED_KEPT = 100;

    /** How the job step applies the run cap. */
    enum Trim {
        /** Not at all: the single server's stepped trim does it. */
        NONE,
        /** Returns the members past the cap (cluster: the caller deletes their records, then the entries). */
        RETURN,
        /** Removes them and deletes their records at once (single server). */
        POP
    }

    static JobStep of(ExecutionRecord record, String json, Instant now, Duration timeToLive) {
        ExecutionStatus status = record.status();
        boolean finished = record.isFinished();
        String duration = "";
        int bucket = 0;
        if (finished && status != ExecutionStatus.SKIPPED) {
            Duration d = record.duration().orElse(Duration.ZERO);
            duration = Long.toString(d.toMillis());
            bucket = JobStatistics.Period.bucketOf(d);
        }
        String error = (status == ExecutionStatus.FAILED || status == ExecutionStatus.PARTIAL_SUCCESS)
                && !record.errors().isEmpty() ? record.errors().get(0) : "";
        ExecutionRecord lean = JobRecord.builder(record.jobId(), record.jobName()).lastRun(record).build()
                .lastRun().orElseThrow();
        long start = record.startTime().toEpochMilli();
        return new JobStep(record.executionId(), record.jobId(), start, !finished,
                finished ? status.wireName() : "running",
                hour(start), day(start),
                hour(JobRecordRules.oldestHourKept(now).toEpochMilli()),
                day(JobRecordRules.oldestDayKept(now, timeToLive).toEpochMilli()),
                duration, bucket, ExecutionRecordJson.toJson(lean), error,
                record.endTime().map(e -> Long.toString(e.toEpochMilli())).orElse(""), record.jobName(),
                JobFragment.extract(json), now.toEpochMilli());
    }

    /** The statistics field of the hour holding {@code epochMillis}: {@code h<hours since the epoch>}. */
    static String hour(long epochMillis) {
        return "h" + Math.floorDiv(epochMillis, 3_600_000L);
    }

    /** The statistics field of the UTC day holding {@code epochMillis}: {@code d<days since the epoch>}. */
    static String day(long epochMillis) {
        return "d" + Math.floorDiv(epochMillis, 86_400_000L);
    }

    /** The script's arguments (job_step.lua's A). */
    List<String> args(int cap, long indexTtlMillis, boolean renew, Trim trim, int maxFailures, String recordPrefix) {
        return HistoryStore.args(startMillis, executionId, cap, indexTtlMillis, running ? 1 : 0, renew ? 1 : 0,
                trim.ordinal(), maxFailures, status, nowMillis, hourField, dayField, oldestHour, oldestDay,
                durationMillis, bucket, leanJson, error, endMillis, jobName, recordPrefix, fragment, COUNTED_KEPT,
                jobId);
    }
}
