package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.RunContext;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.listeners.TriggerListenerSupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuartzHistoryTest extends StartedQuartz {

    /** Latches and counters jobs share with the test, by a name unique to the test (Quartz instantiates jobs). */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();


    public static class Succeeds implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    public static class Throws implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            throw new IllegalStateException("feed unreachable");
        }
    }

    public static class Unschedules implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            JobExecutionException e = new JobExecutionException("quota exhausted");
            e.setUnscheduleFiringTrigger(true);
            throw e;
        }
    }

    /** Fails on the first attempt asking Quartz to refire at once, succeeds on the refire. */
    public static class FailsOnceThenRefires implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            if (context.getRefireCount() == 0) {
                throw new JobExecutionException("transient", true);
            }
        }
    }

    public static class ReportsItems implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            RunContext run = RunContext.current().orElseThrow();
            run.totalItems(3);
            run.succeeded("AAPL");
            run.succeeded("MSFT");
            run.failed("GOOGL", "Connection timeout after 30s");
        }
    }

    /** Counts itself in, waits (bounded) until the latch named by the job data reaches zero, counts itself out. */
    public static class Waits implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String name = context.getMergedJobDataMap().getString("latch");
            AtomicInteger inFlight = COUNTERS.get(name);
            AtomicInteger max = COUNTERS.get(name + ".max");
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                CountDownLatch latch = LATCHES.get(name);
                latch.countDown();
                if (!latch.await(QuartzFixture.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new JobExecutionException("latch " + name + " not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobExecutionException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @DisallowConcurrentExecution
    public static class WaitsAlone extends Waits {
    }

    private JobKey key(String name) {
        return JobKey.jobKey(name + "-" + tag, "reports");
    }

    private String run(Class<? extends Job> type, String description) throws SchedulerException {
        JobKey key = key(type.getSimpleName());
        quartz.scheduler.addJob(JobBuilder.newJob(type).withIdentity(key).withDescription(description)
                .storeDurably().build(), false);
        quartz.scheduler.triggerJob(key);
        return QuartzHistory.jobId(key);
    }

    @Test
    void recordsASuccessfulRunUnderGroupDotNameWithTheDescriptionAsName() throws SchedulerException {
        String jobId = run(Succeeds.class, "Nightly report");

        ExecutionRecord record = quartz.awaitFinished(jobId, 1).get(0);

        assertThat(jobId).isEqualTo("reports.Succeeds-" + tag);
        assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(record.jobName()).isEqualTo("Nightly report");
        assertThat(record.endTime()).isPresent();
        assertThat(record.attributes()).containsKeys(QuartzHistory.ATTR_FIRE_INSTANCE_ID,
                QuartzHistory.ATTR_SCHEDULED_FIRE_TIME).containsEntry(QuartzHistory.ATTR_SCHEDULER,
                quartz.scheduler.getSchedulerName() + "/" + quartz.scheduler.getSchedulerInstanceId());
        assertThat(record.node()).contains(quartz.scheduler.getSchedulerInstanceId());
        assertThat(record.attributes().get(QuartzHistory.ATTR_TRIGGER)).isNotBlank();
        assertThat(record.attributes()).doesNotContainKeys(QuartzHistory.ATTR_LATE_BY_MS,
                QuartzHistory.ATTR_REFIRE_IMMEDIATELY);
    }

    @Test
    void namesAJobWithoutDescriptionByItsKeyName() throws SchedulerException {
        String jobId = run(Succeeds.class, null);

        assertThat(quartz.awaitFinished(jobId, 1).get(0).jobName()).isEqualTo("Succeeds-" + tag);
    }

    @Test
    void executionIdsAreTheRecordersNotQuartzFireInstanceIds() throws SchedulerException {
        JobKey key = key("ids");
        quartz.scheduler.addJob(JobBuilder.newJob(Succeeds.class).withIdentity(key).storeDurably().build(), false);
        for (int i = 0; i < 5; i++) {
            quartz.scheduler.triggerJob(key);
        }

        List<ExecutionRecord> records = quartz.awaitFinished(QuartzHistory.jobId(key), 5);

        assertThat(records).extracting(ExecutionRecord::executionId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(4));
        assertThat(records).extracting(r -> r.attributes().get(QuartzHistory.ATTR_FIRE_INSTANCE_ID))
                .doesNotContainNull().doesNotHaveDuplicates()
                .noneMatch(fireId -> records.stream().anyMatch(r -> r.executionId().equals(fireId)));
    }

    @Test
    void recordsTheJobsOwnExceptionNotQuartzWrapper() throws SchedulerException {
        String jobId = run(Throws.class, null);

        ExecutionRecord record = quartz.awaitStatus(jobId, ExecutionStatus.FAILED);

        assertThat(record.errors()).singleElement().asString()
                .contains("IllegalStateException").contains("feed unreachable");
        assertThat(record.stackTrace()).get().asString().contains("QuartzHistoryTest$Throws.execute");
        assertThat(record.attributes()).containsEntry(QuartzHistory.ATTR_REFIRE_IMMEDIATELY, "false")
                .containsEntry(QuartzHistory.ATTR_UNSCHEDULE_FIRING_TRIGGER, "false")
                .containsEntry(QuartzHistory.ATTR_UNSCHEDULE_ALL_TRIGGERS, "false");
    }

    @Test
    void recordsTheFlagsOfAJobExecutionException() throws SchedulerException {
        String jobId = run(Unschedules.class, null);

        ExecutionRecord record = quartz.awaitStatus(jobId, ExecutionStatus.FAILED);

        assertThat(record.errors()).singleElement().asString().contains("quota exhausted");
        assertThat(record.attributes()).containsEntry(QuartzHistory.ATTR_UNSCHEDULE_FIRING_TRIGGER, "true")
                .containsEntry(QuartzHistory.ATTR_REFIRE_IMMEDIATELY, "false");
    }

    @Test
    void recordsEachRefireAsItsOwnRun() throws SchedulerException {
        String jobId = run(FailsOnceThenRefires.class, null);

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        ExecutionRecord refire = records.stream().filter(r -> r.status() == ExecutionStatus.SUCCESS).findFirst()
                .orElseThrow();
        ExecutionRecord first = records.stream().filter(r -> r.status() == ExecutionStatus.FAILED).findFirst()
                .orElseThrow();
        assertThat(first.attributes()).containsEntry(QuartzHistory.ATTR_REFIRE_IMMEDIATELY, "true")
                .doesNotContainKey(QuartzHistory.ATTR_REFIRE_COUNT);
        assertThat(refire.attributes()).containsEntry(QuartzHistory.ATTR_REFIRE_COUNT, "1")
                .containsEntry(QuartzHistory.ATTR_FIRE_INSTANCE_ID,
                        first.attributes().get(QuartzHistory.ATTR_FIRE_INSTANCE_ID));
        assertThat(refire.executionId()).isNotEqualTo(first.executionId());
    }

    @Test
    void recordsItemsTheJobReportsThroughTheCurrentContext() throws SchedulerException {
        String jobId = run(ReportsItems.class, null);

        ExecutionRecord record = quartz.awaitFinished(jobId, 1).get(0);

        assertThat(record.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
        assertThat(record.succeededItems()).containsExactly("AAPL", "MSFT");
        assertThat(record.failedItems()).containsExactly("GOOGL");
        assertThat(record.errors()).singleElement().asString().contains("Connection timeout after 30s");
        assertThat(record.totalItems()).isEqualTo(3);
    }

    /** Vetoes every fire of one job, giving a reason through the context. */
    static final class Veto extends TriggerListenerSupport {
        private final JobKey job;
        private final String reason;

        Veto(JobKey job, String reason) {
            this.job = job;
            this.reason = reason;
        }

        @Override
        public String getName() {
            return "veto-" + job;
        }

        @Override
        public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
            if (!trigger.getJobKey().equals(job)) {
                return false;
            }
            if (reason != null) {
                context.put(QuartzHistory.VETO_REASON, reason);
            }
            return true;
        }
    }

    @Test
    void recordsAVetoedExecutionAsSkippedWithTheReason() throws SchedulerException {
        JobKey key = key("vetoed");
        quartz.scheduler.getListenerManager().addTriggerListener(new Veto(key, "maintenance window"));
        Instant due = Instant.now().plusMillis(200);
        quartz.scheduler.scheduleJob(JobBuilder.newJob(ReportsItems.class).withIdentity(key).build(),
                TriggerBuilder.newTrigger().withIdentity("once-" + tag).startAt(java.util.Date.from(due)).build());

        ExecutionRecord record = quartz.awaitStatus(QuartzHistory.jobId(key), ExecutionStatus.SKIPPED);

        assertThat(record.skipCount()).isEqualTo(1);
        assertThat(record.startTime()).isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(record.errors()).singleElement().asString().contains("maintenance window")
                .contains("once-" + tag);
        assertThat(quartz.registry.findHistory(QuartzHistory.jobId(key))).hasSize(1);
    }

    @Test
    void aVetoWithoutReasonSaysATriggerListenerVetoedIt() throws SchedulerException {
        JobKey key = key("vetoedSilently");
        quartz.scheduler.getListenerManager().addTriggerListener(new Veto(key, null));
        quartz.scheduler.addJob(JobBuilder.newJob(Succeeds.class).withIdentity(key).storeDurably().build(), false);
        quartz.scheduler.triggerJob(key);

        ExecutionRecord record = quartz.awaitStatus(QuartzHistory.jobId(key), ExecutionStatus.SKIPPED);

        assertThat(record.errors()).singleElement().asString().contains("Vetoed by a Quartz trigger listener");
    }

    private JobDetail waitingJob(Class<? extends Job> type, String latchName, int parties) {
        LATCHES.put(latchName, new CountDownLatch(parties));
        COUNTERS.put(latchName, new AtomicInteger());
        COUNTERS.put(latchName + ".max", new AtomicInteger());
        return JobBuilder.newJob(type).withIdentity(key(latchName)).usingJobData("latch", latchName)
                .storeDurably().build();
    }

    @Test
    void recordsConcurrentExecutionsOfOneJobEachUnderItsOwnId() throws SchedulerException {
        String latch = "concurrent-" + tag;
        JobDetail job = waitingJob(Waits.class, latch, 2);
        quartz.scheduler.addJob(job, false);
        quartz.scheduler.triggerJob(job.getKey());
        quartz.scheduler.triggerJob(job.getKey());

        // Each execution waits until both run at once; a failure to overlap would record them as failed.
        List<ExecutionRecord> records = quartz.awaitFinished(QuartzHistory.jobId(job.getKey()), 2);

        assertThat(records).hasSize(2).allMatch(r -> r.status() == ExecutionStatus.SUCCESS);
        assertThat(records).extracting(ExecutionRecord::executionId).doesNotHaveDuplicates();
        assertThat(COUNTERS.get(latch + ".max")).hasValue(2);
        ExecutionRecord a = records.get(0);
        ExecutionRecord b = records.get(1);
        assertThat(a.startTime()).isBeforeOrEqualTo(b.endTime().orElseThrow());
        assertThat(b.startTime()).isBeforeOrEqualTo(a.endTime().orElseThrow());
    }

    @Test
    void recordsRunsOfADisallowConcurrentExecutionJobOneAfterAnother() throws SchedulerException {
        String latch = "alone-" + tag;
        // The first execution waits until the test counts the latch down too, once the other triggers are blocked.
        JobDetail job = waitingJob(WaitsAlone.class, latch, 2);
        String jobId = QuartzHistory.jobId(job.getKey());
        quartz.scheduler.addJob(job, false);
        List<TriggerKey> triggers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity("t" + i + "-" + tag).forJob(job).startNow()
                    .build();
            triggers.add(trigger.getKey());
            quartz.scheduler.scheduleJob(trigger);
        }
        // Wait until no trigger could fire (each is blocked, or fired and done) while the first run is running.
        QuartzFixture.await(() -> waiting(triggers) == 0 && running(jobId) == 1,
                () -> "waiting triggers " + waiting(triggers) + ", records " + quartz.registry.findHistory(jobId));

        LATCHES.get(latch).countDown(); // the first execution goes on; the later ones find the latch at zero
        List<ExecutionRecord> records = new ArrayList<>(quartz.awaitFinished(jobId, 3));

        assertThat(records).hasSize(3).allMatch(r -> r.status() == ExecutionStatus.SUCCESS);
        assertThat(COUNTERS.get(latch + ".max")).hasValue(1);
        records.sort(Comparator.comparing(ExecutionRecord::startTime));
        for (int i = 1; i < records.size(); i++) {
            // one after another: a run starts once the previous one ended, give or take the few milliseconds by which
            // wall-clock readings on two CPUs of a virtual machine can disagree (a CI run saw 2 ms); an overlapping run
            // would start before the first one was released, which waits for the test, far longer
            assertThat(records.get(i).startTime())
                    .isAfterOrEqualTo(records.get(i - 1).endTime().orElseThrow().minusMillis(50));
        }
    }

    /** How many of the triggers are waiting to fire (or acquired to): not blocked, not done. */
    private int waiting(List<TriggerKey> triggers) {
        int n = 0;
        for (TriggerKey key : triggers) {
            try {
                if (quartz.scheduler.getTriggerState(key) == Trigger.TriggerState.NORMAL) {
                    n++;
                }
            } catch (SchedulerException e) {
                throw new AssertionError(e);
            }
        }
        return n;
    }

    private long running(String jobId) {
        return quartz.registry.findHistory(jobId).stream().filter(r -> r.status() == ExecutionStatus.RUNNING).count();
    }

    public static class Counts implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            COUNTERS.get(context.getMergedJobDataMap().getString("counter")).incrementAndGet();
        }
    }

    @Test
    void refusesASecondRegistrationAndRecordsNothingAfterUnregister() throws SchedulerException {
        assertThatThrownBy(() -> QuartzHistory.register(quartz.scheduler, quartz.recorder))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(QuartzHistory.LISTENER_NAME);
        JobKey key = key("unregistered");
        AtomicInteger executions = new AtomicInteger();
        COUNTERS.put(key.toString(), executions);
        quartz.scheduler.addJob(JobBuilder.newJob(Counts.class).withIdentity(key).usingJobData("counter", key.toString())
                .storeDurably().build(), false);

        quartz.history.unregister();
        quartz.scheduler.triggerJob(key);
        QuartzFixture.await(() -> executions.get() == 1, () -> "executions " + executions);
        QuartzHistory again = QuartzHistory.register(quartz.scheduler, quartz.recorder);
        quartz.scheduler.triggerJob(key);

        assertThat(quartz.awaitFinished(QuartzHistory.jobId(key), 1)).hasSize(1);
        assertThat(executions).hasValue(2);
        again.unregister();
    }

    @Test
    void unregisterStillFinishesRunsInFlightThenRemovesTheListeners() throws SchedulerException {
        String latch = "inFlight-" + tag;
        JobDetail job = waitingJob(Waits.class, latch, 2);
        String jobId = QuartzHistory.jobId(job.getKey());
        quartz.scheduler.addJob(job, false);
        quartz.scheduler.triggerJob(job.getKey());
        QuartzFixture.await(() -> running(jobId) == 1, () -> "records " + quartz.registry.findHistory(jobId));

        quartz.history.unregister();
        assertThat(quartz.scheduler.getListenerManager().getJobListener(QuartzHistory.LISTENER_NAME)).isNotNull();
        LATCHES.get(latch).countDown();

        assertThat(quartz.awaitFinished(jobId, 1)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS));
        QuartzFixture.await(() -> listenerGone(), () -> "listeners still registered");
        QuartzHistory.register(quartz.scheduler, quartz.recorder).unregister();
    }

    private boolean listenerGone() {
        try {
            return quartz.scheduler.getListenerManager().getJobListener(QuartzHistory.LISTENER_NAME) == null
                    && quartz.scheduler.getListenerManager().getTriggerListener(QuartzHistory.LISTENER_NAME) == null;
        } catch (SchedulerException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRunQuartzAbandonsBecauseAnotherListenerFailedIsFinishedByTheNextRunOnItsThread() throws SchedulerException {
        try (QuartzFixture single = QuartzFixture.ram(1)) {
            JobKey broken = key("brokenListener");
            JobKey next = key("next");
            single.scheduler.getListenerManager().addJobListener(new org.quartz.listeners.JobListenerSupport() {
                @Override
                public String getName() {
                    return "throws-" + tag;
                }

                @Override
                public void jobToBeExecuted(JobExecutionContext context) {
                    throw new IllegalStateException("listener bug");
                }
            }, org.quartz.impl.matchers.KeyMatcher.keyEquals(broken));
            single.scheduler.addJob(JobBuilder.newJob(Succeeds.class).withIdentity(broken).storeDurably().build(), false);
            single.scheduler.addJob(JobBuilder.newJob(ReportsItems.class).withIdentity(next).storeDurably().build(),
                    false);
            single.scheduler.start();
            single.scheduler.triggerJob(broken);
            single.awaitRecords(QuartzHistory.jobId(broken), records -> !records.isEmpty());
            single.scheduler.triggerJob(next);

            ExecutionRecord abandoned = single.awaitStatus(QuartzHistory.jobId(broken), ExecutionStatus.FAILED);
            ExecutionRecord ran = single.awaitFinished(QuartzHistory.jobId(next), 1).get(0);

            assertThat(abandoned.errors()).singleElement().asString().contains("another job listener failed");
            assertThat(ran.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
            assertThat(ran.succeededItems()).containsExactly("AAPL", "MSFT");
        }
    }

    @Test
    void aFireBlockedByADisallowConcurrentExecutionRunPastTheThresholdIsAMisfire() throws SchedulerException {
        String latch = "blockedPast-" + tag;
        JobDetail job = waitingJob(WaitsAlone.class, latch, 2);
        String jobId = QuartzHistory.jobId(job.getKey());
        quartz.scheduler.addJob(job, false);
        Instant due = Instant.now().plusMillis(100).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        quartz.scheduler.scheduleJob(TriggerBuilder.newTrigger().withIdentity("first-" + tag).forJob(job).startNow()
                .build());
        quartz.scheduler.scheduleJob(TriggerBuilder.newTrigger().withIdentity("second-" + tag).forJob(job)
                .startAt(java.util.Date.from(due)).withSchedule(org.quartz.SimpleScheduleBuilder.simpleSchedule()
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build());
        // Hold the first run until the second fire is overdue by more than the 1 s misfire threshold.
        QuartzFixture.await(() -> running(jobId) == 1 && Instant.now().isAfter(due.plusMillis(1_500)),
                () -> "records " + quartz.registry.findHistory(jobId));
        LATCHES.get(latch).countDown();

        List<ExecutionRecord> records = quartz.awaitFinished(jobId, 2);

        assertThat(records).extracting(ExecutionRecord::status)
                .containsExactlyInAnyOrder(ExecutionStatus.SUCCESS, ExecutionStatus.SKIPPED);
        ExecutionRecord skipped = records.stream().filter(r -> r.status() == ExecutionStatus.SKIPPED).findFirst()
                .orElseThrow();
        assertThat(skipped.startTime()).isEqualTo(due);
        assertThat(skipped.skipCount()).isEqualTo(1);
        assertThat(skipped.errors()).singleElement().asString().contains("RESCHEDULE_NEXT_WITH_REMAINING_COUNT")
                .contains("second-" + tag);
    }
}
