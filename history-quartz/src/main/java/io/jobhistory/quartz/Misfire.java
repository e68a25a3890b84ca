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
 * What one misfire meant, learned once the job store applied the trigger's misfire instruction: which due fire times
 * were missed, and whether the instruction fired the job once now (a late run) or let the missed times go (skipped).
 *
 * <p>Quartz calls {@code TriggerListener.triggerMisfired} with the trigger as it was before the instruction, then
 * applies it ({@link OperableTrigger#updateAfterMisfire}) with its own, later clock. So the analysis starts from that
 * earlier state and the trigger's actual next fire time afterwards ({@link PendingMisfires} waits for it): every fire
 * time of the old schedule before that next fire was let go (with a fire now, up to and including it), enumerated with
 * the trigger's own {@link Trigger#getFireTimeAfter}, so repeat counts, end times and calendars are honoured.
 *
 * @param firstDue the first missed fire time
 * @param lastDue the last missed fire time
 * @param missed how many fire times were missed (at least 1; at most {@link #MAX_COUNTED})
 * @param instruction the instruction's name, with what the smart policy resolved to, e.g.
 *     {@code SMART_POLICY as RESCHEDULE_NEXT_WITH_REMAINING_COUNT}
 * @param firesNow the instruction fires the job once now, late
 * @param keepsMissed with {@code firesNow}: the other missed fires are not lost but shifted (the schedule restarts
 *     now with its repeat count, {@code RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT})
 * @param nextFire the trigger's next fire time once the instruction was applied (the late fire, with
 *     {@code firesNow}); null when the trigger will not fire again
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
     * Analyses a misfire of {@code before} (the trigger as passed to {@code triggerMisfired}) that the job store
     * resolved by setting its next fire time to {@code next}.
     *
     * @param calendar the trigger's calendar, or null
     * @param next the trigger's next fire time once the instruction was applied, or null if it will not fire again
     * @return the analysis, or null when {@code before} has no next fire time (nothing was missed)
     */
    static Misfire of(Trigger before, Calendar calendar, Date next) {
        Date first = before.getNextFireTime();
        if (first == null) {
            return null;
        }
        boolean firesNow = next != null && firesNow(before, next, calendar);
        int missed = 0;
        Date last = first;
        Date second = null;
        for (Date t = first; t != null && missed < MAX_COUNTED && (next == null || t.before(next)
                || firesNow && t.equals(next)); t = nextIncluded(before, t, calendar)) {
            if (missed == 1) {
                second = t;
            }
            missed++;
            last = t;
        }
        if (missed == 0) { // the store's next fire is not after the first missed one: still the one due fire
            missed = 1;
        }
        boolean keepsMissed = firesNow && before instanceof SimpleTrigger
                && effective(before) == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT;
        return new Misfire(first.toInstant(), last.toInstant(), missed, instructionName(before), firesNow, keepsMissed,
                next == null ? null : next.toInstant(), second == null ? null : second.toInstant());
    }

    /**
     * An estimate for when the store's result cannot be learned: the instruction applied to a copy of
     * {@code before} now, a little earlier than the store applies it.
     */
    static Misfire estimate(Trigger before, Calendar calendar) {
        Date next;
        if (before instanceof OperableTrigger operable) {
            OperableTrigger clone = (OperableTrigger) operable.clone();
            clone.updateAfterMisfire(calendar);
            next = clone.getNextFireTime();
        } else {
            next = nextIncluded(before, new Date(), calendar); // not a trigger Quartz could have stored
        }
        return of(before, calendar, next);
    }

    /** Whether the instruction fired the job once now: it is one that does, or {@code next} is off the schedule. */
    private static boolean firesNow(Trigger before, Date next, Calendar calendar) {
        int instr = effective(before);
        if (before instanceof SimpleTrigger) {
            return instr == SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW
                    || instr == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT
                    || instr == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT;
        }
        if (onceNowTypes(before)) {
            return instr == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
        }
        return !next.equals(nextIncluded(before, new Date(next.getTime() - 1), calendar));
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
