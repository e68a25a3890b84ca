package io.jobhistory.quartz;

import org.quartz.Calendar;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.DailyTimeIntervalTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.spi.OperableTrigger;

import java.time.Instant;
import java.util.Date;

/**
 * What one misfire notification means: which due fire times were missed, and whether the trigger's misfire
 * instruction fires the job once now (a late run) or lets the missed times go (skipped).
 *
 * <p>Quartz calls {@code TriggerListener.triggerMisfired} with the trigger as it was before the instruction is
 * applied: its next fire time is the first missed one. To learn what the instruction does, this applies
 * {@link OperableTrigger#updateAfterMisfire} to a clone (each trigger type's own rule, with its calendar), exactly as
 * the job store is about to do, and enumerates the missed fire times with the trigger's own
 * {@link Trigger#getFireTimeAfter}, so repeat counts, end times and calendars are honoured.
 *
 * @param firstDue the first missed fire time
 * @param lastDue the last missed fire time (at or before the notification)
 * @param missed how many fire times were missed (at least 1; at most {@link #MAX_COUNTED})
 * @param instruction the instruction's name, with what the smart policy resolved to, e.g.
 *     {@code SMART_POLICY as RESCHEDULE_NEXT_WITH_REMAINING_COUNT}
 * @param firesNow the instruction fires the job once now, late
 * @param keepsMissed with {@code firesNow}: the other missed fires are not lost but shifted (the schedule restarts
 *     now with its repeat count, {@code RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT})
 * @param nextFire the trigger's next fire time once the instruction is applied, as computed on the clone (for a
 *     fire now, the store's is a few milliseconds later); null when the trigger will not fire again
 * @param secondDue the second missed fire time, or null when only one was missed
 */
record Misfire(Instant firstDue, Instant lastDue, int missed, String instruction, boolean firesNow,
               boolean keepsMissed, Instant nextFire, Instant secondDue) {

    /** Missed fire times are counted up to this many (a trigger every second missed for a day stays cheap). */
    static final int MAX_COUNTED = 100_000;

    /** How many missed fire times are lost (recorded as skipped). */
    int skipped() {
        if (!firesNow) {
            return missed;
        }
        return keepsMissed ? 0 : missed - 1;
    }

    /** The first of the skipped fire times. */
    Instant firstSkipped() {
        return firesNow ? secondDue : firstDue;
    }

    /**
     * Analyses {@code trigger} (as passed to {@code triggerMisfired}) at {@code now}.
     *
     * @param calendar the trigger's calendar, or null
     * @return the analysis, or null when the trigger has no next fire time (nothing was missed)
     */
    static Misfire of(Trigger trigger, Calendar calendar, Date now) {
        Date first = trigger.getNextFireTime();
        if (first == null) {
            return null;
        }
        int missed = 0;
        Date last = first;
        Date second = null;
        for (Date t = first; t != null && !t.after(now) && missed < MAX_COUNTED; t = nextIncluded(trigger, t, calendar)) {
            if (missed == 1) {
                second = t;
            }
            missed++;
            last = t;
        }
        if (missed == 0) { // due within the store's threshold but after our clock: still the one due fire
            missed = 1;
        }
        String instruction = instructionName(trigger);
        boolean firesNow = false;
        Date next = null;
        if (trigger instanceof OperableTrigger operable) {
            OperableTrigger clone = (OperableTrigger) operable.clone();
            clone.updateAfterMisfire(calendar);
            Date after = new Date();
            next = clone.getNextFireTime();
            firesNow = next != null && !next.after(after);
        } else {
            next = nextIncluded(trigger, now, calendar); // not a trigger Quartz could have stored: its own schedule
        }
        boolean keepsMissed = firesNow && trigger instanceof SimpleTrigger
                && effective(trigger) == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
        return new Misfire(first.toInstant(), last.toInstant(), missed, instruction, firesNow, keepsMissed,
                next == null ? null : next.toInstant(), second == null ? null : second.toInstant());
    }

    private static Date nextIncluded(Trigger trigger, Date after, Calendar calendar) {
        Date t = trigger.getFireTimeAfter(after);
        for (int i = 0; t != null && calendar != null && !calendar.isTimeIncluded(t.getTime()); i++) {
            if (i == MAX_COUNTED) {
                return null;
            }
            t = trigger.getFireTimeAfter(t);
        }
        return t;
    }

    /** The instruction as the trigger type applies it: the smart policy resolved as in each type's source. */
    static int effective(Trigger trigger) {
        int instr = trigger.getMisfireInstruction();
        if (trigger instanceof SimpleTrigger simple) {
            if (instr == Trigger.MISFIRE_INSTRUCTION_SMART_POLICY) {
                if (simple.getRepeatCount() == 0) {
                    return SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW;
                }
                return simple.getRepeatCount() == SimpleTrigger.REPEAT_INDEFINITELY
                        ? SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT
                        : SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
            }
            if (instr == SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW && simple.getRepeatCount() != 0) {
                return SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT;
            }
            return instr;
        }
        if (instr == Trigger.MISFIRE_INSTRUCTION_SMART_POLICY && onceNowTypes(trigger)) {
            return CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
        }
        return instr;
    }

    private static boolean onceNowTypes(Trigger trigger) {
        return trigger instanceof CronTrigger || trigger instanceof CalendarIntervalTrigger
                || trigger instanceof DailyTimeIntervalTrigger;
    }

    /** E.g. {@code DO_NOTHING}, {@code SMART_POLICY as FIRE_ONCE_NOW}, {@code FIRE_NOW as RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT}. */
    static String instructionName(Trigger trigger) {
        int set = trigger.getMisfireInstruction();
        int effective = effective(trigger);
        String name = name(trigger, set);
        return set == effective ? name : name + " as " + name(trigger, effective);
    }

    private static String name(Trigger trigger, int instr) {
        if (instr == Trigger.MISFIRE_INSTRUCTION_SMART_POLICY) {
            return "SMART_POLICY";
        }
        if (instr == Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY) {
            return "IGNORE_MISFIRE_POLICY";
        }
        if (trigger instanceof SimpleTrigger) {
            switch (instr) {
                case SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW: return "FIRE_NOW";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT:
                    return "RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT:
                    return "RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT:
                    return "RESCHEDULE_NEXT_WITH_REMAINING_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_EXISTING_COUNT:
                    return "RESCHEDULE_NEXT_WITH_EXISTING_COUNT";
                default: return "instruction " + instr;
            }
        }
        if (onceNowTypes(trigger)) {
            if (instr == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW) {
                return "FIRE_ONCE_NOW";
            }
            if (instr == CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING) {
                return "DO_NOTHING";
            }
        }
        return "instruction " + instr;
    }
}
