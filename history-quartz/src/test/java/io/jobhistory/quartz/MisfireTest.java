package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CronScheduleBuilder;
import org.quartz.DailyTimeIntervalScheduleBuilder;
import org.quartz.DateBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.TimeOfDay;
import org.quartz.impl.calendar.HolidayCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misfires on a real RAMJobStore scheduler, each made certain by a trigger whose fire times lie in the past: hourly
 * (or daily) fire times half an interval off the present, or a cron schedule confined to the year 2020, so the count
 * of missed fire times does not depend on when the test runs.
 */
class MisfireTest extends StartedQuartz {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** The cron schedule's fire times: noon UTC on 29, 30 and 31 December 2020, and never again. */
    private static final String CRON_2020 = "0 0 12 29-31 12 ? 2020";
    private static final Instant DEC_29 = Instant.parse("2020-12-29T12:00:00Z");
    private static final Instant DEC_30 = Instant.parse("2020-12-30T12:00:00Z");
    private static final Instant DEC_31 = Instant.parse("2020-12-31T12:00:00Z");

    /** First fire time of the hourly triggers: five and a half hours ago. */
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(330));

    private Instant hour(int n) {
        return start.plus(Duration.ofHours(n));
    }

    private String schedule(String name, Instant startAt, ScheduleBuilder<? extends Trigger> schedule)
            throws SchedulerException {
        return schedule(name, startAt, schedule, UnaryOperator.identity());
    }

    private String schedule(String name, Instant startAt, ScheduleBuilder<? extends Trigger> schedule,
                            UnaryOperator<TriggerBuilder<? extends Trigger>> more) throws SchedulerException {
        JobKey key = JobKey.jobKey(name + "-" + tag, "misfires");
        TriggerBuilder<? extends Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey(name))
                .startAt(Date.from(startAt)).withSchedule(schedule);
        quartz.scheduler.scheduleJob(JobBuilder.newJob(QuartzHistoryTest.Succeeds.class).withIdentity(key).build(),
                more.apply(trigger).build());
        return QuartzHistory.jobId(key);
    }

    private TriggerKey triggerKey(String name) {
        return TriggerKey.triggerKey("t-" + name + "-" + tag, "misfires");
    }

    private static SimpleScheduleBuilder hourly(int repeatCount) {
        return SimpleScheduleBuilder.repeatHourlyForever().withRepeatCount(repeatCount);
    }

    private static void assertSkipped(ExecutionRecord skipped, Instant firstDue, Instant lastDue, int count,
                                      String instruction) {
        assertThat(skipped.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(skipped.startTime()).isEqualTo(firstDue);
        assertThat(skipped.lastDueTime()).contains(lastDue);
        assertThat(skipped.skipCount()).isEqualTo(count);
        assertThat(skipped.errors()).singleElement().asString().contains("Misfired")
                .contains("misfire instruction " + instruction + ";");
    }

    private void assertLate(ExecutionRecord run, Instant due, String instruction, Integer missed) {
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(run.attributes()).containsEntry(QuartzHistory.ATTR_DUE_TIME, due.toString())
                .containsEntry(QuartzHistory.ATTR_MISFIRE_INSTRUCTION, instruction);
        long lateBy = Long.parseLong(run.attributes().get(QuartzHistory.ATTR_LATE_BY_MS));
        assertThat(lateBy).isGreaterThanOrEqualTo(Duration.between(due, run.startTime()).toMillis() - 1_000)
                .isLessThanOrEqualTo(Duration.between(due, run.startTime()).toMillis() + 1_000);
        if (missed == null) {
            assertThat(run.attributes()).doesNotContainKey(QuartzHistory.ATTR_MISSED_FIRE_TIMES);
        } else {
            assertThat(run.attributes()).containsEntry(QuartzHistory.ATTR_MISSED_FIRE_TIMES, missed.toString());
        }
    }

    /** Waits until the trigger's next fire time is {@code next} (the store applied the instruction). */
    private void awaitNextFire(String name, Instant next) {
        QuartzFixture.await(() -> {
            try {
                Trigger trigger = quartz.scheduler.getTrigger(triggerKey(name));
                Date fire = trigger == null ? null : trigger.getNextFireTime();
                return next == null ? fire == null : fire != null && fire.toInstant().equals(next);
            } catch (SchedulerException e) {
                throw new AssertionError(e);
            }
        }, () -> "next fire of " + name + " is not " + next);
    }

    private ExecutionRecord only(String jobId, ExecutionStatus status) {
        return quartz.awaitFinished(jobId, 1).stream().filter(r -> r.status() == status).findFirst().orElseThrow();
    }

    // --- SimpleTrigger: instructions that let the due fire times go

    @Test
    void simpleNextWithRemainingCountIsOneSkippedRecordForAllMissedFireTimes() throws SchedulerException {
        String jobId = schedule("nextRemaining", start, hourly(10).withMisfireHandlingInstructionNextWithRemainingCount());

        awaitNextFire("nextRemaining", hour(6));

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 1);
        assertThat(records).hasSize(1);
        assertSkipped(records.get(0), start, hour(5), 6, "RESCHEDULE_NEXT_WITH_REMAINING_COUNT");
        assertThat(records.get(0).errors().get(0)).contains("the trigger fires next at " + hour(6));
    }

    @Test
    void countsMissedFireTimesUpToABound() throws SchedulerException {
        Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
        String jobId = schedule("everySecond", twoDaysAgo,
                SimpleScheduleBuilder.repeatSecondlyForever().withMisfireHandlingInstructionNextWithRemainingCount());

        ExecutionRecord skipped = only(jobId, ExecutionStatus.SKIPPED);

        assertThat(skipped.skipCount()).isEqualTo(Misfire.MAX_COUNTED);
        assertThat(skipped.startTime()).isEqualTo(twoDaysAgo);
        assertThat(skipped.lastDueTime()).contains(twoDaysAgo.plusSeconds(Misfire.MAX_COUNTED - 1));
        assertThat(skipped.errors().get(0)).contains("counted up to " + Misfire.MAX_COUNTED);
    }

    @Test
    void simpleNextWithExistingCountSkipsTheMissedFireTimesToo() throws SchedulerException {
        String jobId = schedule("nextExisting", start, hourly(10).withMisfireHandlingInstructionNextWithExistingCount());

        awaitNextFire("nextExisting", hour(6));

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 1);
        assertThat(records).hasSize(1);
        assertSkipped(records.get(0), start, hour(5), 6, "RESCHEDULE_NEXT_WITH_EXISTING_COUNT");
    }

    @Test
    void simpleSmartPolicyOfAnEndlessTriggerSkipsToTheNextFireTime() throws SchedulerException {
        String jobId = schedule("smartForever", start, SimpleScheduleBuilder.repeatHourlyForever());

        awaitNextFire("smartForever", hour(6));

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 1);
        assertThat(records).hasSize(1);
        assertSkipped(records.get(0), start, hour(5), 6, "SMART_POLICY as RESCHEDULE_NEXT_WITH_REMAINING_COUNT");
    }

    @Test
    void simpleTriggerWhoseLastFireTimeWasMissedSkipsThemAllAndEnds() throws SchedulerException {
        String jobId = schedule("allPast", start, hourly(2).withMisfireHandlingInstructionNextWithRemainingCount());

        ExecutionRecord skipped = only(jobId, ExecutionStatus.SKIPPED);

        assertSkipped(skipped, start, hour(2), 3, "RESCHEDULE_NEXT_WITH_REMAINING_COUNT");
        awaitNextFire("allPast", null);
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    // --- SimpleTrigger: instructions that fire once now

    @Test
    void simpleFireNowOfASingleFireIsALateRun() throws SchedulerException {
        String jobId = schedule("fireNow", start,
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow());

        ExecutionRecord run = only(jobId, ExecutionStatus.SUCCESS);

        assertLate(run, start, "FIRE_NOW", null);
        assertThat(Long.parseLong(run.attributes().get(QuartzHistory.ATTR_LATE_BY_MS)))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(330).toMillis());
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    void simpleSmartPolicyOfASingleFireIsALateRun() throws SchedulerException {
        String jobId = schedule("smartOnce", start, SimpleScheduleBuilder.simpleSchedule());

        assertLate(only(jobId, ExecutionStatus.SUCCESS), start, "SMART_POLICY as FIRE_NOW", null);
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    void simpleNowWithRemainingCountRunsTheFirstLateAndSkipsTheRest() throws SchedulerException {
        String jobId = schedule("nowRemaining", start,
                hourly(10).withMisfireHandlingInstructionNowWithRemainingCount());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertThat(records).hasSize(2);
        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                start, "RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT", 6);
        assertSkipped(records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst().orElseThrow(),
                hour(1), hour(5), 5, "RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT");
    }

    @Test
    void simpleFireNowWithRepeatsActsAsNowWithRemainingCount() throws SchedulerException {
        String jobId = schedule("fireNowRepeats", start, hourly(10).withMisfireHandlingInstructionFireNow());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        String instruction = "FIRE_NOW as RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT";
        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                start, instruction, 6);
        assertSkipped(records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst().orElseThrow(),
                hour(1), hour(5), 5, instruction);
    }

    @Test
    void simpleNowWithExistingCountRunsLateAndKeepsTheOtherMissedFires() throws SchedulerException {
        String jobId = schedule("nowExisting", start, hourly(10).withMisfireHandlingInstructionNowWithExistingCount());

        ExecutionRecord run = only(jobId, ExecutionStatus.SUCCESS);

        assertLate(run, start, "RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT", 6);
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    void simpleSmartPolicyOfACountedTriggerRunsLateAndKeepsTheCount() throws SchedulerException {
        String jobId = schedule("smartCounted", start, hourly(10));

        assertLate(only(jobId, ExecutionStatus.SUCCESS), start,
                "SMART_POLICY as RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT", 6);
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    void ignoreMisfirePolicyRunsEveryMissedFireAndSkipsNothing() throws SchedulerException {
        String jobId = schedule("ignore", start, hourly(2).withMisfireHandlingInstructionIgnoreMisfires());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 3);

        assertThat(records).hasSize(3).allMatch(r -> r.status() == ExecutionStatus.SUCCESS)
                .allSatisfy(r -> assertThat(r.attributes()).doesNotContainKey(QuartzHistory.ATTR_LATE_BY_MS));
        assertThat(records).extracting(r -> r.attributes().get(QuartzHistory.ATTR_SCHEDULED_FIRE_TIME))
                .containsExactlyInAnyOrder(start.toString(), hour(1).toString(), hour(2).toString());
    }

    // --- CronTrigger

    private static CronScheduleBuilder cron2020() {
        return CronScheduleBuilder.cronSchedule(CRON_2020).inTimeZone(UTC);
    }

    private static final Instant DEC_28 = Instant.parse("2020-12-28T00:00:00Z");

    @Test
    void cronDoNothingIsOneSkippedRecord() throws SchedulerException {
        String jobId = schedule("cronNothing", DEC_28, cron2020().withMisfireHandlingInstructionDoNothing());

        ExecutionRecord skipped = only(jobId, ExecutionStatus.SKIPPED);

        assertSkipped(skipped, DEC_29, DEC_31, 3, "DO_NOTHING");
        assertThat(skipped.errors().get(0)).contains("the trigger will not fire again");
        awaitNextFire("cronNothing", null);
        assertThat(quartz.registry.findHistory(jobId)).hasSize(1);
    }

    @Test
    void cronFireOnceNowRunsTheFirstLateAndSkipsTheRest() throws SchedulerException {
        String jobId = schedule("cronOnce", DEC_28, cron2020().withMisfireHandlingInstructionFireAndProceed());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertThat(records).hasSize(2);
        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                DEC_29, "FIRE_ONCE_NOW", 3);
        assertSkipped(records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst().orElseThrow(),
                DEC_30, DEC_31, 2, "FIRE_ONCE_NOW");
    }

    @Test
    void cronSmartPolicyFiresOnceNow() throws SchedulerException {
        String jobId = schedule("cronSmart", DEC_28, cron2020());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                DEC_29, "SMART_POLICY as FIRE_ONCE_NOW", 3);
    }

    @Test
    void cronMisfireCountsOnlyFireTimesItsCalendarIncludes() throws SchedulerException {
        HolidayCalendar holidays = new HolidayCalendar();
        holidays.setTimeZone(UTC);
        holidays.addExcludedDate(Date.from(Instant.parse("2020-12-30T00:00:00Z")));
        quartz.scheduler.addCalendar("holidays-" + tag, holidays, false, false);

        String jobId = schedule("cronCalendar", DEC_28, cron2020().withMisfireHandlingInstructionDoNothing(),
                t -> t.modifiedByCalendar("holidays-" + tag));

        assertSkipped(only(jobId, ExecutionStatus.SKIPPED), DEC_29, DEC_31, 2, "DO_NOTHING");
    }

    // --- CalendarIntervalTrigger

    private final Instant daysAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(84));

    @Test
    void calendarIntervalDoNothingIsOneSkippedRecord() throws SchedulerException {
        String jobId = schedule("daysNothing", daysAgo, CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                .withInterval(1, DateBuilder.IntervalUnit.DAY).inTimeZone(UTC)
                .withMisfireHandlingInstructionDoNothing());

        awaitNextFire("daysNothing", daysAgo.plus(Duration.ofDays(4)));

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 1);
        assertThat(records).hasSize(1);
        assertSkipped(records.get(0), daysAgo, daysAgo.plus(Duration.ofDays(3)), 4, "DO_NOTHING");
    }

    @Test
    void calendarIntervalFireOnceNowRunsTheFirstLateAndSkipsTheRest() throws SchedulerException {
        String jobId = schedule("daysOnce", daysAgo, CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                .withInterval(1, DateBuilder.IntervalUnit.DAY).inTimeZone(UTC)
                .withMisfireHandlingInstructionFireAndProceed());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                daysAgo, "FIRE_ONCE_NOW", 4);
        assertSkipped(records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst().orElseThrow(),
                daysAgo.plus(Duration.ofDays(1)), daysAgo.plus(Duration.ofDays(3)), 3, "FIRE_ONCE_NOW");
    }

    // --- DailyTimeIntervalTrigger: hourly from midnight (local time), on a day in 2020, ending at 05:00

    private String scheduleDaily(String name, UnaryOperator<DailyTimeIntervalScheduleBuilder> instruction)
            throws SchedulerException {
        return schedule(name, DEC_29_MIDNIGHT, instruction.apply(DailyTimeIntervalScheduleBuilder
                        .dailyTimeIntervalSchedule().onEveryDay()
                        .startingDailyAt(TimeOfDay.hourAndMinuteOfDay(0, 0)).withIntervalInHours(1)),
                t -> t.endAt(Date.from(DEC_29_MIDNIGHT.plus(Duration.ofHours(5)))));
    }

    /** Times of day of a DailyTimeIntervalTrigger are in the JVM's time zone. */
    private static final Instant DEC_29_MIDNIGHT = java.time.LocalDate.of(2020, 12, 29)
            .atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();

    @Test
    void dailyTimeIntervalDoNothingIsOneSkippedRecord() throws SchedulerException {
        String jobId = scheduleDaily("dailyNothing",
                DailyTimeIntervalScheduleBuilder::withMisfireHandlingInstructionDoNothing);

        ExecutionRecord skipped = only(jobId, ExecutionStatus.SKIPPED);

        assertSkipped(skipped, DEC_29_MIDNIGHT, DEC_29_MIDNIGHT.plus(Duration.ofHours(5)), 6, "DO_NOTHING");
        assertThat(skipped.errors().get(0)).contains("the trigger will not fire again");
    }

    @Test
    void dailyTimeIntervalSmartPolicyFiresOnceNowAndSkipsTheRest() throws SchedulerException {
        String jobId = scheduleDaily("dailySmart", UnaryOperator.identity());

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertThat(records).hasSize(2);
        assertLate(records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst().orElseThrow(),
                DEC_29_MIDNIGHT, "SMART_POLICY as FIRE_ONCE_NOW", 6);
        assertSkipped(records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst().orElseThrow(),
                DEC_29_MIDNIGHT.plus(Duration.ofHours(1)), DEC_29_MIDNIGHT.plus(Duration.ofHours(5)), 5,
                "SMART_POLICY as FIRE_ONCE_NOW");
    }
}
