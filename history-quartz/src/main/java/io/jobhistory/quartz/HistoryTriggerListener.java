package io.jobhistory.quartz;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.recorder.JobExecutionRecorder;
import org.quartz.Calendar;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;


/** Records misfires: the missed fire times an instruction lets go as one skipped record, a late fire for later. */
final class HistoryTriggerListener implements TriggerListener {

    private static final Logger log = LoggerFactory.getLogger(HistoryTriggerListener.class);

    private final QuartzHistory history;
    private final JobExecutionRecorder recorder;

    HistoryTriggerListener(QuartzHistory history, JobExecutionRecorder recorder) {
        this.history = history;
        this.recorder = recorder;
    }

    @Override
    public String getName() {
        return QuartzHistory.LISTENER_NAME;
    }

    /** The first fire after a misfire tells at what time the store's misfire instruction let the trigger fire next. */
    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        try {
            history.misfires().firing(trigger.getKey(), context.getScheduledFireTime());
        } catch (RuntimeException e) {
            log.warn("Could not record the misfire of Quartz trigger {} (job {})", trigger.getKey(),
                    trigger.getJobKey(), e);
        }
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    /**
     * Called by the job store (on the scheduler's or the misfire handler's thread, holding the store's lock) before
     * it applies the trigger's misfire instruction: the misfire is recorded once its outcome is known
     * ({@link PendingMisfires}).
     */
    @Override
    public void triggerMisfired(Trigger trigger) {
        if (history.stopped()) {
            return;
        }
        try {
            Calendar calendar = history.calendar(trigger.getCalendarName());
            history.misfires().misfired(trigger, calendar, misfire -> record(trigger, misfire));
        } catch (RuntimeException e) {
            log.warn("Could not record the misfire of Quartz trigger {} (job {})", trigger.getKey(),
                    trigger.getJobKey(), e);
        }
    }

    private void record(Trigger trigger, Misfire misfire) {
        try {
            if (misfire.firesNow()) {
                history.expectLateFire(trigger.getKey(), misfire);
            }
            int skipped = misfire.skipped();
            if (skipped > 0) {
                recorder.skipped(history.identity(trigger.getJobKey()), misfire.firstSkipped(), misfire.lastDue(),
                        skipped, reason(trigger, misfire, skipped),
                        Map.of(ExecutionRecord.NODE_ATTRIBUTE, history.node()));
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the misfire of Quartz trigger {} (job {})", trigger.getKey(),
                    trigger.getJobKey(), e);
        }
    }

    private static String reason(Trigger trigger, Misfire misfire, int skipped) {
        String what = skipped == 1 ? "1 fire time" : skipped + " fire times";
        String outcome;
        if (misfire.firesNow()) {
            outcome = "the job fires once now, late, for the first missed fire time (due " + misfire.firstDue() + ")";
        } else if (misfire.nextFire() == null) {
            outcome = "the trigger will not fire again";
        } else {
            outcome = "the trigger fires next at " + misfire.nextFire();
        }
        if (misfire.missed() >= Misfire.MAX_COUNTED) {
            outcome += " (missed fire times counted up to " + Misfire.MAX_COUNTED + ")";
        }
        return "Misfired: " + what + " missed, not run; misfire instruction " + misfire.instruction()
                + "; " + outcome + " (trigger " + trigger.getKey() + ")";
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                CompletedExecutionInstruction triggerInstructionCode) {
    }
}
