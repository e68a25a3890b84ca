package io.jobhistory.quartz;

import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import org.quartz.Calendar;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ListenerManager;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every run of every job of a Quartz {@link Scheduler} through a {@link JobExecutionRecorder}: one line,
 * {@code QuartzHistory.register(scheduler, recorder)}, adds a global job listener and trigger listener.
 *
 * <p>A run is recorded under the job id {@code group.name} of its {@link JobKey} ({@link #jobId(JobKey)}), from
 * {@code jobToBeExecuted} to {@code jobWasExecuted} on the worker thread, so the job reports items through
 * {@code RunContext.current()}; its execution id comes from the recorder, and Quartz's details are attributes (the
 * {@code ATTR_*} constants). Vetoes and misfires are recorded as {@code skipped} runs, and a late fire after a
 * misfire as a normal run with its lateness: <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/quartz.md">docs/quartz.md</a> has the table.
 *
 * <p>Listener calls never throw into Quartz: a failure to record is logged and the job goes on. Misfires are saved
 * on the thread that handles them, while the job store holds its lock, so use a registry whose saves are fast, or a
 * recorder that {@linkplain JobExecutionRecorder.Builder#writeBehind writes behind}.
 */
public final class QuartzHistory {

    /** The name of both listeners; a scheduler holds at most one {@code QuartzHistory}. */
    public static final String LISTENER_NAME = "io.jobhistory.quartz";
    /**
     * Key under which a vetoing {@code TriggerListener} may put its reason (a string) into the
     * {@code JobExecutionContext} before returning {@code true} from {@code vetoJobExecution}.
     */
    public static final String VETO_REASON = "io.jobhistory.quartz.veto_reason";

    /** Attribute: Quartz's fire instance id (unique only within one scheduler instance). */
    public static final String ATTR_FIRE_INSTANCE_ID = "quartz.fire_instance_id";
    /** Attribute: the key of the trigger that fired, {@code group.name}. */
    public static final String ATTR_TRIGGER = "quartz.trigger";
    /** Attribute: the scheduler's name and instance id, {@code name/instanceId}. */
    public static final String ATTR_SCHEDULER = "quartz.scheduler";
    /** Attribute: the fire time the trigger was scheduled for (ISO-8601). */
    public static final String ATTR_SCHEDULED_FIRE_TIME = "quartz.scheduled_fire_time";
    /** Attribute: how often Quartz re-executed this fire (only when above zero). */
    public static final String ATTR_REFIRE_COUNT = "quartz.refire_count";
    /** Attribute: {@code true} when the run recovers one a crashed scheduler had begun. */
    public static final String ATTR_RECOVERING = "quartz.recovering";
    /** Attribute of a late run after a misfire: the first missed fire time it stands for (ISO-8601). */
    public static final String ATTR_DUE_TIME = "quartz.due_time";
    /** Attribute of a late run after a misfire: milliseconds from the due time to the fire. */
    public static final String ATTR_LATE_BY_MS = "quartz.late_by_ms";
    /** Attribute of a late run after a misfire: the misfire instruction as the trigger applied it. */
    public static final String ATTR_MISFIRE_INSTRUCTION = "quartz.misfire_instruction";
    /** Attribute of a late run after a misfire: how many fire times were missed, when more than one. */
    public static final String ATTR_MISSED_FIRE_TIMES = "quartz.missed_fire_times";
    /** Attribute of a run that threw a {@code JobExecutionException}: its refire-immediately flag. */
    public static final String ATTR_REFIRE_IMMEDIATELY = "quartz.refire_immediately";
    /** Attribute of a run that threw a {@code JobExecutionException}: its unschedule-firing-trigger flag. */
    public static final String ATTR_UNSCHEDULE_FIRING_TRIGGER = "quartz.unschedule_firing_trigger";
    /** Attribute of a run that threw a {@code JobExecutionException}: its unschedule-all-triggers flag. */
    public static final String ATTR_UNSCHEDULE_ALL_TRIGGERS = "quartz.unschedule_all_triggers";

    /** A late fire is matched to its misfire only when it is scheduled within this long of the misfire's handling. */
    static final Duration LATE_FIRE_WINDOW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(QuartzHistory.class);

    private final Scheduler scheduler;
    private final String schedulerLabel;
    private final String node;
    private final HistoryJobListener jobListener;
    private final HistoryTriggerListener triggerListener;
    private final PendingMisfires misfires = new PendingMisfires(this);
    /** Misfires whose instruction fires the job once now, by trigger, until that fire begins. */
    private final Map<TriggerKey, Misfire> lateFires = new ConcurrentHashMap<>();
    /** Runs started and not yet finished. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopped;
    private boolean removed;

    private QuartzHistory(Scheduler scheduler, JobExecutionRecorder recorder) throws SchedulerException {
        this.scheduler = scheduler;
        this.node = scheduler.getSchedulerInstanceId();
        this.schedulerLabel = scheduler.getSchedulerName() + "/" + node;
        this.jobListener = new HistoryJobListener(this, recorder);
        this.triggerListener = new HistoryTriggerListener(this, recorder);
    }

    /**
     * Records every job of {@code scheduler} through {@code recorder} from now on: adds a global job listener and a
     * global trigger listener, both named {@value #LISTENER_NAME}, to its {@link ListenerManager}. Register before
     * {@code scheduler.start()} so that no run and no misfire on start-up is missed.
     *
     * @return the registration, to {@link #unregister()} it
     * @throws IllegalStateException when a listener named {@value #LISTENER_NAME} is already registered there
     * @throws SchedulerException when the scheduler cannot tell its name (it was shut down)
     */
    public static QuartzHistory register(Scheduler scheduler, JobExecutionRecorder recorder) throws SchedulerException {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(recorder, "recorder");
        ListenerManager listeners = scheduler.getListenerManager();
        if (listeners.getJobListener(LISTENER_NAME) != null || listeners.getTriggerListener(LISTENER_NAME) != null) {
            throw new IllegalStateException("Scheduler '" + scheduler.getSchedulerName() + "' already has a listener "
                    + "named '" + LISTENER_NAME + "': unregister the QuartzHistory registered there first");
        }
        QuartzHistory history = new QuartzHistory(scheduler, recorder);
        listeners.addTriggerListener(history.triggerListener);
        listeners.addJobListener(history.jobListener);
        return history;
    }

    /**
     * Stops recording: fires, vetoes and misfires from now on are not recorded. Runs already started are still
     * finished and recorded; once none is left, both listeners are removed from the scheduler (at once when none
     * is running), and a new {@code QuartzHistory} may be registered there.
     */
    public void unregister() {
        stopped = true;
        lateFires.clear();
        misfires.shutdown();
        if (inFlight.get() == 0) {
            removeListeners();
        }
    }

    /** Whether a run may start: counts it in flight unless {@link #unregister()} was called. */
    boolean runStarting() {
        inFlight.incrementAndGet();
        if (stopped) {
            runEnded();
            return false;
        }
        return true;
    }

    /** A run counted by {@link #runStarting()} ended (or never started). */
    void runEnded() {
        if (inFlight.decrementAndGet() == 0 && stopped) {
            removeListeners();
        }
    }

    boolean stopped() {
        return stopped;
    }

    private synchronized void removeListeners() {
        if (removed) {
            return;
        }
        removed = true;
        try {
            ListenerManager listeners = scheduler.getListenerManager();
            listeners.removeJobListener(LISTENER_NAME);
            listeners.removeTriggerListener(LISTENER_NAME);
        } catch (SchedulerException e) {
            log.warn("Could not remove the job history listeners from scheduler {}", schedulerLabel, e);
        }
    }

    /** The job id under which a Quartz job is recorded: {@code group.name} of its key. */
    public static String jobId(JobKey key) {
        return key.getGroup() + "." + key.getName();
    }

    static JobIdentity identity(JobDetail job) {
        String description = job.getDescription();
        String name = description == null || description.isBlank() ? job.getKey().getName() : description;
        return JobIdentity.of(jobId(job.getKey()), name);
    }

    /** The identity of a job known only by its key (a misfire): its detail is read from the scheduler. */
    JobIdentity identity(JobKey key) {
        try {
            JobDetail job = scheduler.getJobDetail(key);
            if (job != null) {
                return identity(job);
            }
        } catch (SchedulerException e) {
            log.debug("Could not read job {}; recording it under its key's name", key, e);
        }
        return JobIdentity.of(jobId(key), key.getName());
    }

    Calendar calendar(String name) {
        if (name == null) {
            return null;
        }
        try {
            return scheduler.getCalendar(name);
        } catch (SchedulerException e) {
            log.debug("Could not read calendar {}; counting missed fire times without it", name, e);
            return null;
        }
    }

    /** The trigger as the job store holds it now; null if it is gone or cannot be read. */
    Trigger trigger(TriggerKey key) {
        try {
            return scheduler.getTrigger(key);
        } catch (SchedulerException e) {
            log.debug("Could not read trigger {}", key, e);
            return null;
        }
    }

    PendingMisfires misfires() {
        return misfires;
    }

    String schedulerLabel() {
        return schedulerLabel;
    }

    /** The scheduler's instance id: the {@code node} of the runs it records. */
    String node() {
        return node;
    }

    void expectLateFire(TriggerKey trigger, Misfire misfire) {
        if (!stopped) {
            lateFires.put(trigger, misfire);
        }
    }

    /**
     * The misfire a fire of {@code trigger} scheduled for {@code scheduled} is the late fire of, if any. An entry
     * whose fire ran elsewhere (another node of a cluster) is dropped when this trigger next fires here.
     */
    Misfire takeLateFire(TriggerKey trigger, Date scheduled) {
        Misfire misfire = lateFires.remove(trigger);
        if (misfire == null || scheduled == null) {
            return misfire;
        }
        Instant at = scheduled.toInstant();
        Instant expected = misfire.nextFire();
        boolean matches = !at.isBefore(expected.minus(LATE_FIRE_WINDOW)) && !at.isAfter(expected.plus(LATE_FIRE_WINDOW));
        return matches ? misfire : null;
    }
}
