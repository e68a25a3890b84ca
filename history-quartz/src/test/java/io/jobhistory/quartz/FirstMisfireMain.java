package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first misfire of a fresh JVM, for {@link FirstMisfireTest}: a trigger every {@value #INTERVAL_MS} ms that
 * started 3 s ago misfires as the scheduler starts ({@code RESCHEDULE_NEXT_WITH_REMAINING_COUNT}); prints the skipped
 * record ({@code SKIPPED first last count next}) and the scheduled fire time of the first run ({@code RUN time}), running or done.
 */
public final class FirstMisfireMain {

    static final long INTERVAL_MS = 20;
    private static final Pattern NEXT = Pattern.compile("fires next at (\\S+) ");

    public static void main(String[] args) throws Exception {
        try (QuartzFixture quartz = QuartzFixture.ram()) {
            JobKey key = JobKey.jobKey("first-misfire", "misfires");
            quartz.scheduler.scheduleJob(JobBuilder.newJob(QuartzHistoryTest.Succeeds.class).withIdentity(key).build(),
                    TriggerBuilder.newTrigger()
                            .startAt(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3)))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                    .withIntervalInMilliseconds(INTERVAL_MS).repeatForever()
                                    .withMisfireHandlingInstructionNextWithRemainingCount())
                            .build());
            quartz.scheduler.start();
            String jobId = QuartzHistory.jobId(key);
            List<ExecutionRecord> records = quartz.awaitRecords(jobId,
                    rs -> rs.stream().anyMatch(r -> r.status() == ExecutionStatus.SKIPPED)
                            // runs overlap and finish out of order: with five done, the first has begun
                            && rs.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).count() >= 5);
            quartz.scheduler.standby();
            ExecutionRecord skipped = records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED)
                    .findFirst().orElseThrow();
            Matcher next = NEXT.matcher(skipped.errors().get(0));
            System.out.println("SKIPPED " + skipped.startTime() + " " + skipped.lastDueTime().orElseThrow() + " "
                    + skipped.skipCount() + " " + (next.find() ? next.group(1) : "none"));
            System.out.println("RUN " + records.stream().filter(r -> r.status() != ExecutionStatus.SKIPPED)
                    .map(r -> Instant.parse(r.attributes().get(QuartzHistory.ATTR_SCHEDULED_FIRE_TIME)))
                    .min(Comparator.naturalOrder()).orElseThrow());
        }
    }
}
