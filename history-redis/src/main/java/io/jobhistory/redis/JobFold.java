package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.JobStatistics;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.JobRecordRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code job_fold.lua}: what retention counts of each run it removes from a job's index (status,
 * periods, duration and its histogram bucket, end, first error), read from the run's record before the record is
 * deleted. A run whose record is missing, of another job or unreadable is removed without being counted.
 */
final class JobFold {

    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeToLive;

    JobFold(RedisKeys keys, Clock clock, Duration timeToLive) {
        this.keys = keys;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    /** The fold of {@code members} of {@code jobId}'s index; {@code values[i]} is the stored record of member i. */
    Batch.Op op(String jobId, List<String> members, List<?> values) {
        Instant now = clock.instant();
        List<String> args = new ArrayList<>(4 + members.size() * 9);
        args.add(Long.toString(hours(JobRecordRules.oldestHourKept(now).toEpochMilli())));
        args.add(Long.toString(days(JobRecordRules.oldestDayKept(now, timeToLive).toEpochMilli())));
        args.add(Long.toString(timeToLive.toMillis()));
        String name = null;
        int nameAt = args.size();
        args.add("");
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            ExecutionRecord run = parse(jobId, member, i < values.size() ? values.get(i) : null);
            args.add(member);
            if (run == null || !run.isFinished()) {
                args.add("");
                args.add("0");
                args.add("0");
                args.add("");
                args.add("0");
                args.add("");
                args.add("");
                args.add("0");
                continue;
            }
            name = run.jobName();
            ExecutionStatus status = run.status();
            long start = run.startTime().toEpochMilli();
            args.add(status.wireName());
            args.add(Long.toString(hours(start)));
            args.add(Long.toString(days(start)));
            if (status == ExecutionStatus.SKIPPED) {
                args.add("");
                args.add("0");
            } else {
                Duration d = run.duration().orElse(Duration.ZERO);
                args.add(Long.toString(d.toMillis()));
                args.add(Integer.toString(JobStatistics.Period.bucketOf(d)));
            }
            args.add(run.endTime().map(e -> Long.toString(e.toEpochMilli())).orElse(""));
            boolean erred = (status == ExecutionStatus.FAILED || status == ExecutionStatus.PARTIAL_SUCCESS)
                    && !run.errors().isEmpty();
            args.add(erred ? run.errors().get(0) : "");
            args.add(Long.toString(start));
        }
        args.set(nameAt, name == null ? jobId : name);
        return Batch.script(LuaScripts.JOB_FOLD,
                List.of(keys.indexKey(jobId), keys.jobRecordKey(jobId), keys.statsKey(jobId)), args);
    }

    private static ExecutionRecord parse(String jobId, String member, Object value) {
        if (!(value instanceof String json)) {
            return null;
        }
        try {
            ExecutionRecord run = ExecutionRecordJson.fromJson(json);
            return run.jobId().equals(jobId) && run.executionId().equals(member) ? run : null;
        } catch (RuntimeException unreadable) {
            return null; // bad data: reads name it; retention removes the entry without counting it
        }
    }

    /** Hours since the epoch of {@code epochMillis}: the statistics field {@code h<hours>}. */
    static long hours(long epochMillis) {
        return Math.floorDiv(epochMillis, 3_600_000L);
    }

    /** UTC days since the epoch of {@code epochMillis}: the statistics field {@code d<days>}. */
    static long days(long epochMillis) {
        return Math.floorDiv(epochMillis, 86_400_000L);
    }
}
