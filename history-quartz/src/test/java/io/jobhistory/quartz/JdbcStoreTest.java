package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.calendar.HolidayCalendar;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same listeners on a JDBC job store (JobStoreTX on H2): there Quartz reports misfires on its misfire-handler
 * thread, or while recovering on start-up, inside a database transaction that holds the trigger lock, and passes the
 * stored trigger itself rather than a copy; reading the job's detail and the trigger's calendar from the listener
 * must not deadlock, and the trigger must be left for the store to update.
 */
class JdbcStoreTest {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Instant DEC_28 = Instant.parse("2020-12-28T00:00:00Z");

    private QuartzFixture quartz;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void create() throws SchedulerException {
        Properties p = QuartzFixture.base(3);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "h2");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        p.setProperty("org.quartz.dataSource.h2.connectionProvider.class", H2ConnectionProvider.class.getName());
        p.setProperty("org.quartz.dataSource.h2.url", "jdbc:h2:mem:quartz-" + tag + ";DB_CLOSE_DELAY=-1");
        quartz = QuartzFixture.of(p);
    }

    @AfterEach
    void stop() throws SchedulerException {
        quartz.close();
    }

    private String scheduleCron2020(String name, CronScheduleBuilder schedule, String calendar)
            throws SchedulerException {
        JobKey key = JobKey.jobKey(name + "-" + tag, "jdbc");
        TriggerBuilder<?> trigger = TriggerBuilder.newTrigger().withIdentity("t-" + name + "-" + tag, "jdbc")
                .startAt(Date.from(DEC_28)).withSchedule(schedule.inTimeZone(UTC));
        if (calendar != null) {
            trigger = trigger.modifiedByCalendar(calendar);
        }
        quartz.scheduler.scheduleJob(JobBuilder.newJob(QuartzHistoryTest.ReportsItems.class).withIdentity(key)
                .withDescription("Year-end " + name).build(), trigger.build());
        return QuartzHistory.jobId(key);
    }

    private static CronScheduleBuilder cron2020() {
        return CronScheduleBuilder.cronSchedule("0 0 12 29-31 12 ? 2020");
    }

    @Test
    void recordsRunsAndMisfiresFoundOnStartUpAndByTheMisfireHandler() throws SchedulerException {
        HolidayCalendar holidays = new HolidayCalendar();
        holidays.setTimeZone(UTC);
        holidays.addExcludedDate(Date.from(Instant.parse("2020-12-30T00:00:00Z")));
        quartz.scheduler.addCalendar("holidays", holidays, false, false);
        // Stored before start: found by the store's recovery when the scheduler starts.
        String onStartUp = scheduleCron2020("startUp", cron2020().withMisfireHandlingInstructionDoNothing(), "holidays");
        quartz.scheduler.start();
        // Stored while running: found by the misfire handler.
        String handled = scheduleCron2020("handler", cron2020().withMisfireHandlingInstructionFireAndProceed(), null);

        ExecutionRecord skippedOnStart = quartz.awaitStatus(onStartUp, ExecutionStatus.SKIPPED);
        List<ExecutionRecord> late = quartz.awaitFinished(handled, 2);

        assertThat(skippedOnStart.skipCount()).isEqualTo(2);
        assertThat(skippedOnStart.startTime()).isEqualTo(Instant.parse("2020-12-29T12:00:00Z"));
        assertThat(skippedOnStart.lastDueTime()).contains(Instant.parse("2020-12-31T12:00:00Z"));
        assertThat(skippedOnStart.jobName()).isEqualTo("Year-end startUp");
        assertThat(skippedOnStart.errors()).singleElement().asString().contains("DO_NOTHING");

        ExecutionRecord run = late.stream().filter(r -> r.status() == ExecutionStatus.PARTIAL_SUCCESS).findFirst()
                .orElseThrow(() -> new AssertionError("no late run in " + late));
        assertThat(run.jobName()).isEqualTo("Year-end handler");
        assertThat(run.succeededItems()).containsExactly("AAPL", "MSFT");
        assertThat(run.attributes()).containsEntry(QuartzHistory.ATTR_DUE_TIME, "2020-12-29T12:00:00Z")
                .containsEntry(QuartzHistory.ATTR_MISFIRE_INSTRUCTION, "FIRE_ONCE_NOW")
                .containsEntry(QuartzHistory.ATTR_MISSED_FIRE_TIMES, "3")
                .containsKey(QuartzHistory.ATTR_FIRE_INSTANCE_ID);
        ExecutionRecord skipped = late.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst()
                .orElseThrow();
        assertThat(skipped.skipCount()).isEqualTo(2);
        assertThat(skipped.startTime()).isEqualTo(Instant.parse("2020-12-30T12:00:00Z"));
    }
}
