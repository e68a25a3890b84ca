package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.RecordedRun;
import io.jobhistory.recorder.RunStart;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Trigger;
import org.quartz.core.JobExecutionProcessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Starts a recorded run when Quartz is about to execute a job, finishes it when the job returns; records vetoes. */
final class HistoryJobListener implements JobListener {

    private static final Logger log = LoggerFactory.getLogger(HistoryJobListener.class);

    /** Where the run lives in the {@link JobExecutionContext} between the two events. */
    private static final String RUN_KEY = HistoryJobListener.class.getName() + ".run";

    private final QuartzHistory history;
    private final JobExecutionRecorder recorder;
    /** The run this listener started on the current worker thread and has not finished yet. */
    private final ThreadLocal<RecordedRun> onThisThread = new ThreadLocal<>();

    HistoryJobListener(QuartzHistory history, JobExecutionRecorder recorder) {
        this.history = history;
        this.recorder = recorder;
    }

    @Override
    public String getName() {
        return QuartzHistory.LISTENER_NAME;
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        boolean started = false;
        boolean recorded = false;
        try {
            RecordedRun stale = onThisThread.get();
            if (stale != null) {
                // Quartz never reported the end of a run it began on this thread: another listener failed after
                // ours, and Quartz gave up on that execution before the job ran.
                onThisThread.remove();
                try {
                    stale.finish(new IllegalStateException("Quartz did not execute the job: another job listener "
                            + "failed before it started"));
                } finally {
                    history.runEnded();
                }
            }
            if (!history.runStarting()) {
                return;
            }
            started = true;
            Trigger trigger = context.getTrigger();
            RunStart start = RunStart.of(QuartzHistory.identity(context.getJobDetail()))
                    .attribute(QuartzHistory.ATTR_FIRE_INSTANCE_ID, context.getFireInstanceId())
                    .attribute(QuartzHistory.ATTR_TRIGGER, trigger.getKey().toString())
                    .attribute(QuartzHistory.ATTR_SCHEDULER, history.schedulerLabel())
                    .attribute(ExecutionRecord.NODE_ATTRIBUTE, history.node());
            Date scheduled = context.getScheduledFireTime();
            if (scheduled != null) {
                start = start.attribute(QuartzHistory.ATTR_SCHEDULED_FIRE_TIME, scheduled.toInstant().toString());
            }
            if (context.getRefireCount() > 0) {
                start = start.attribute(QuartzHistory.ATTR_REFIRE_COUNT, Integer.toString(context.getRefireCount()));
            }
            if (context.isRecovering()) {
                start = start.attribute(QuartzHistory.ATTR_RECOVERING, "true");
            }
            Misfire late = context.getRefireCount() == 0 ? history.takeLateFire(trigger.getKey(), scheduled) : null;
            if (late != null) {
                Date fired = context.getFireTime() != null ? context.getFireTime() : new Date();
                long lateBy = Math.max(0, Duration.between(late.firstDue(), fired.toInstant()).toMillis());
                start = start.attribute(QuartzHistory.ATTR_DUE_TIME, late.firstDue().toString())
                        .attribute(QuartzHistory.ATTR_LATE_BY_MS, Long.toString(lateBy))
                        .attribute(QuartzHistory.ATTR_MISFIRE_INSTRUCTION, late.instruction());
                if (late.missed() > 1) {
                    start = start.attribute(QuartzHistory.ATTR_MISSED_FIRE_TIMES, Integer.toString(late.missed()));
                }
            }
            RecordedRun run = recorder.start(start);
            context.put(RUN_KEY, run);
            onThisThread.set(run);
            recorded = true;
        } catch (RuntimeException e) {
            log.warn("Could not start recording the Quartz job {} (fire instance {})",
                    context.getJobDetail().getKey(), context.getFireInstanceId(), e);
        } finally {
            if (started && !recorded) {
                history.runEnded();
            }
        }
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
        Object value = context.get(RUN_KEY);
        if (!(value instanceof RecordedRun run)) {
            return;
        }
        context.put(RUN_KEY, null);
        onThisThread.remove();
        try {
            if (jobException != null) {
                run.context().attribute(QuartzHistory.ATTR_REFIRE_IMMEDIATELY,
                        Boolean.toString(jobException.refireImmediately()));
                run.context().attribute(QuartzHistory.ATTR_UNSCHEDULE_FIRING_TRIGGER,
                        Boolean.toString(jobException.unscheduleFiringTrigger()));
                run.context().attribute(QuartzHistory.ATTR_UNSCHEDULE_ALL_TRIGGERS,
                        Boolean.toString(jobException.unscheduleAllTriggers()));
            }
            run.finish(failure(jobException));
        } catch (RuntimeException e) {
            log.warn("Could not finish recording the Quartz job {} (execution {})",
                    context.getJobDetail().getKey(), run.executionId(), e);
        } finally {
            history.runEnded();
        }
    }

    /**
     * The job's own exception: Quartz wraps anything other than a {@link JobExecutionException} into one around a
     * {@link JobExecutionProcessException}; the job's throwable is that one's cause.
     */
    private static Throwable failure(JobExecutionException jobException) {
        if (jobException != null && jobException.getCause() instanceof JobExecutionProcessException process
                && process.getCause() != null) {
            return process.getCause();
        }
        return jobException;
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
        if (history.stopped()) {
            return;
        }
        try {
            Trigger trigger = context.getTrigger();
            Date due = context.getScheduledFireTime() != null ? context.getScheduledFireTime() : context.getFireTime();
            Misfire late = history.takeLateFire(trigger.getKey(), due);
            Object reason = context.get(QuartzHistory.VETO_REASON);
            String text = "Vetoed" + (reason == null ? " by a Quartz trigger listener" : ": " + reason)
                    + " (trigger " + trigger.getKey() + ")";
            if (late != null) {
                due = Date.from(late.firstDue());
                text += "; the fire was late after a misfire (" + late.instruction() + ")";
            }
            Instant dueTime = due.toInstant();
            recorder.skipped(QuartzHistory.identity(context.getJobDetail()), dueTime, dueTime, 1, text,
                    Map.of(ExecutionRecord.NODE_ATTRIBUTE, history.node()));
        } catch (RuntimeException e) {
            log.warn("Could not record the vetoed Quartz job {} (fire instance {})",
                    context.getJobDetail().getKey(), context.getFireInstanceId(), e);
        }
    }
}
