package io.jobhistory.quartz;

import org.quartz.Calendar;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Misfires Quartz notified whose outcome is not known yet. {@code triggerMisfired} comes before the job store applies
 * the misfire instruction, with a later clock of its own; a fire time due in between is let go too, and only the
 * trigger's next fire time afterwards tells. Each misfire is resolved, once, by whichever comes first:
 * <ul>
 *   <li>the trigger's next fire on this node ({@link #firing}): its scheduled fire time is that next fire time;</li>
 *   <li>a watcher thread that reads it as soon as the store applied the instruction: a JDBC store updates the very
 *       trigger it notified, a RAM store's copy is read under the lock it held meanwhile, and a trigger that fired
 *       since (on another node of a cluster) names the fire in its previous fire time;</li>
 *   <li>the trigger's next misfire, whose state before the instruction is the previous one's outcome.</li>
 * </ul>
 * A misfire not resolved within {@link #RESOLVE_WITHIN} (the trigger was deleted, the store unreachable) is
 * {@linkplain Misfire#estimate estimated}.
 */
final class PendingMisfires {

    static final Duration RESOLVE_WITHIN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PendingMisfires.class);

    private final QuartzHistory history;
    private final Map<TriggerKey, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService watchers;

    PendingMisfires(QuartzHistory history) {
        this.history = history;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "jobhistory-quartz-misfires");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.watchers = pool;
    }

    /**
     * A misfire of {@code trigger} (as {@code triggerMisfired} passed it, before the instruction is applied), handed
     * to {@code record} once resolved, on the thread that resolves it.
     */
    void misfired(Trigger trigger, Calendar calendar, Consumer<Misfire> record) {
        if (!(trigger instanceof OperableTrigger operable) || trigger.getNextFireTime() == null) {
            Misfire misfire = Misfire.estimate(trigger, calendar);
            if (misfire != null) {
                record.accept(misfire);
            }
            return;
        }
        Pending misfire = new Pending((OperableTrigger) operable.clone(), trigger, calendar, record);
        Pending previous = pending.put(trigger.getKey(), misfire);
        if (previous != null) {
            resolve(previous, Misfire.of(previous.before, previous.calendar, trigger.getNextFireTime()));
        }
        watchers.execute(() -> watch(misfire));
    }

    /** The trigger fires on this node, at the next fire time the store gave it, if a misfire of it is pending. */
    void firing(TriggerKey key, Date scheduledFireTime) {
        Pending misfire = pending.get(key);
        if (misfire != null && scheduledFireTime != null) {
            resolve(misfire, Misfire.of(misfire.before, misfire.calendar, scheduledFireTime));
        }
    }

    /** No new watcher starts; those under way finish. */
    void shutdown() {
        watchers.shutdown();
    }

    private void watch(Pending misfire) {
        long deadline = System.nanoTime() + RESOLVE_WITHIN.toNanos();
        long pause = 1;
        while (!misfire.resolved()) {
            Misfire outcome = outcome(misfire);
            if (outcome == null && System.nanoTime() > deadline) {
                log.debug("Quartz did not apply the misfire instruction of {} within {}: estimating its outcome",
                        misfire.before.getKey(), RESOLVE_WITHIN);
                outcome = Misfire.estimate(misfire.before, misfire.calendar);
            }
            if (outcome != null) {
                resolve(misfire, outcome);
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                resolve(misfire, Misfire.estimate(misfire.before, misfire.calendar));
                return;
            }
            pause = Math.min(pause * 2, 100);
        }
    }

    /** The misfire's outcome once the store applied the instruction; null while it has not. */
    private Misfire outcome(Pending misfire) {
        OperableTrigger before = misfire.before;
        Date first = before.getNextFireTime();
        Date notified = misfire.notified.getNextFireTime();
        if (!Objects.equals(notified, first)) { // a JDBC store applies the instruction to the trigger it notified
            return Misfire.of(before, misfire.calendar, notified);
        }
        Trigger now = history.trigger(before.getKey());
        if (now == null) { // deleted, or the scheduler is gone: nothing more to learn
            return Misfire.estimate(before, misfire.calendar);
        }
        if (!Objects.equals(now.getPreviousFireTime(), before.getPreviousFireTime())) {
            // it fired since (on another node of a cluster), at the next fire time the store had set
            return Misfire.of(before, misfire.calendar, now.getPreviousFireTime());
        }
        Date next = now.getNextFireTime();
        return Objects.equals(next, first) ? null : Misfire.of(before, misfire.calendar, next);
    }

    private void resolve(Pending misfire, Misfire outcome) {
        misfire.resolveWith(outcome);
        pending.remove(misfire.before.getKey(), misfire);
    }

    /** One notified misfire: the trigger as it was, the object the store notified, and how to record it. */
    private static final class Pending {
        final OperableTrigger before;
        final Trigger notified;
        final Calendar calendar;
        private final Consumer<Misfire> record;
        private boolean resolved;

        Pending(OperableTrigger before, Trigger notified, Calendar calendar, Consumer<Misfire> record) {
            this.before = before;
            this.notified = notified;
            this.calendar = calendar;
            this.record = record;
        }

        synchronized boolean resolved() {
            return resolved;
        }

        /** Records {@code misfire} unless already resolved; a caller racing with another waits until it is done. */
        synchronized void resolveWith(Misfire misfire) {
            if (resolved) {
                return;
            }
            resolved = true;
            if (misfire != null) {
                record.accept(misfire);
            }
        }
    }
}
