package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.internal.Ids;
import io.jobhistory.internal.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Records every run of a job into an {@link ExecutionHistoryRegistry}: saved as {@code running} when it starts, and
 * with its outcome when it ends.
 *
 * <pre>{@code
 * JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
 *         .failureHandling(FailureHandling.SUPPRESS)        // a failing run must not cancel the schedule
 *         .build();
 * scheduler.scheduleAtFixedRate(recorder.wrap("daily-aapl", this::fetchPrices), 0, 1, TimeUnit.DAYS);
 *
 * recorder.run("cleanup", this::cleanUp);                   // record code that runs now, e.g. in @Scheduled
 * int rows = recorder.call("import", this::importRows);
 * }</pre>
 *
 * <h2>Outcome</h2>
 * The job threw: {@code failed}, with the exception's type and message in the errors and a bounded stack trace.
 * Otherwise, from the items reported through the {@link RunContext}: some failed and some succeeded,
 * {@code partial_success}; all failed, {@code failed}; else {@code success}. Runs that were due but did not execute
 * are recorded with {@link #skipped}.
 *
 * <p>Bookkeeping never changes the job: its exception passes through (see {@link FailureHandling}), and a save that
 * fails is logged, counted in {@link #failureCount()} and reported to the listeners. Saves run on the job's thread
 * unless the recorder {@linkplain Builder#writeBehind writes behind}. While a run executes, heartbeats renew its
 * running record, so a run whose process died reads as {@code abandoned}. The whole story:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/recording.md">docs/recording.md</a> and
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/write-behind.md">docs/write-behind.md</a>.
 *
 * <p>Thread-safe. {@link #close()} stops the heartbeats; runs that end afterwards are still recorded.
 */
public final class JobExecutionRecorder implements AutoCloseable {

    /** Default heartbeat interval: 30 seconds. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final Clock clock;
    private final Supplier<String> ids;
    /** Whether {@link #ids} is the default generator, whose ids need no check. */
    private final boolean idsValid;
    private final RecordLimits limits;
    private final FailureHandling failureHandling;
    private final Map<String, String> attributes;
    private final Listeners listeners;
    private final RecordSaver saver;
    private final Heartbeats heartbeats;
    private final SkipStreaks skips;
    private final NotRuns notRuns;

    private JobExecutionRecorder(Builder b) {
        this.clock = b.clock;
        this.ids = b.ids;
        this.idsValid = b.ids instanceof ExecutionIds.Uuids;
        this.limits = b.limits;
        this.failureHandling = b.failureHandling;
        this.attributes = Records.attributes(b.attributes);
        this.listeners = new Listeners(b.listeners);
        this.saver = new RecordSaver(b.registry, listeners, b.writeBehind);
        this.heartbeats = new Heartbeats(b.heartbeatInterval, clock, b.heartbeatExecutor);
        this.skips = new SkipStreaks(b.registry);
        this.notRuns = new NotRuns(b.notRunHandling, listeners, (run, reason) -> {
            Instant due = run.startTime();
            skippedChecked(new JobIdentity(run.jobId(), run.jobName()), due, due, 1, reason, run.attributes());
        });
    }

    /** A recorder with the defaults, saving to {@code registry}. */
    public static JobExecutionRecorder create(ExecutionHistoryRegistry registry) {
        return builder(registry).build();
    }

    /** A builder for a recorder that saves to {@code registry}. */
    public static Builder builder(ExecutionHistoryRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Runs {@code job} now and records the run under {@code jobId} (the job's name is its id). The job's exception
     * passes through unless the recorder {@linkplain FailureHandling#SUPPRESS suppresses} it.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} is blank
     */
    public void run(String jobId, Runnable job) {
        run(JobIdentity.of(jobId), job);
    }

    /** As {@link #run(String, Runnable)}, for a job with a separate name. */
    public void run(JobIdentity job, Runnable task) {
        check(job, task);
        execute(job, task, null);
    }

    /** As {@link #run(String, Runnable)}, handing the job a context to report items through. */
    public void run(String jobId, ItemJob job) {
        run(JobIdentity.of(jobId), job);
    }

    /** As {@link #run(String, Runnable)}, for a job with a separate name that reports items. */
    public void run(JobIdentity job, ItemJob task) {
        check(job, task);
        execute(job, null, task);
    }

    /** Runs one of {@code task} and {@code itemTask}, checked already, and records the run. */
    private void execute(JobIdentity job, Runnable task, ItemJob itemTask) {
        RecordedRun run = begin(job, null);
        try {
            if (task != null) {
                task.run();
            } else {
                itemTask.run(run.context());
            }
        } catch (Throwable t) {
            run.finish(t);
            if (failureHandling == FailureHandling.SUPPRESS && t instanceof Exception) {
                return;
            }
            throw JobExecutionRecorder.<RuntimeException>sneaky(t);
        }
        run.finish(null);
    }

    /**
     * Calls {@code job} now, records the call under {@code jobId} and returns its result. Whatever it throws,
     * checked exceptions included, is rethrown after the failure is recorded, whatever the
     * {@link FailureHandling}: there is no value to return instead.
     *
     * @throws Exception                what {@code job} throws
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} is blank
     */
    public <V> V call(String jobId, Callable<V> job) throws Exception {
        return call(JobIdentity.of(jobId), job);
    }

    /** As {@link #call(String, Callable)}, for a job with a separate name. */
    public <V> V call(JobIdentity job, Callable<V> task) throws Exception {
        check(job, task);
        return callChecked(job, task);
    }

    private <V> V callChecked(JobIdentity job, Callable<V> task) throws Exception {
        RecordedRun run = begin(job, null);
        V result;
        try {
            result = task.call();
        } catch (Throwable t) {
            run.finish(t);
            throw t;
        }
        run.finish(null);
        return result;
    }

    /**
     * A {@code Runnable} that records each run of {@code job} under {@code jobId}, as {@link #run(String, Runnable)}.
     * For a periodic {@code ScheduledExecutorService} task, build the recorder with
     * {@link FailureHandling#SUPPRESS}: the executor silently cancels every later run of a task that throws.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} is blank
     */
    public Runnable wrap(String jobId, Runnable job) {
        return wrap(JobIdentity.of(jobId), job);
    }

    /** As {@link #wrap(String, Runnable)}, for a job with a separate name. */
    public Runnable wrap(JobIdentity job, Runnable task) {
        check(job, task);
        return () -> execute(job, task, null);
    }

    /** As {@link #wrap(String, Runnable)}, handing the job a context to report items through. */
    public Runnable wrap(String jobId, ItemJob job) {
        return wrap(JobIdentity.of(jobId), job);
    }

    /** As {@link #wrap(String, Runnable)}, for a job with a separate name that reports items. */
    public Runnable wrap(JobIdentity job, ItemJob task) {
        check(job, task);
        return () -> execute(job, null, task);
    }

    /**
     * A {@code Callable} that records each call of {@code job}, as {@link #call(String, Callable)}; its result and
     * exceptions pass through. (Named apart from {@code wrap} so that a lambda returning a value still wraps as a
     * {@code Runnable} there.)
     */
    public <V> Callable<V> wrapCallable(String jobId, Callable<V> job) {
        return wrapCallable(JobIdentity.of(jobId), job);
    }

    /** As {@link #wrapCallable(String, Callable)}, for a job with a separate name. */
    public <V> Callable<V> wrapCallable(JobIdentity job, Callable<V> task) {
        check(job, task);
        return () -> callChecked(job, task);
    }

    /** Starts recording a run of {@code job} now, for integrations that see its start and end as two events. */
    public RecordedRun start(JobIdentity job) {
        return begin(Objects.requireNonNull(job, "job must not be null"), null);
    }

    /**
     * Starts recording a run as {@code spec} says and makes it current on this thread until it
     * {@linkplain RecordedRun#finish finishes}. Never throws for a storage failure: if recording cannot start, the
     * run returned records nothing and the job goes on.
     *
     * @throws NullPointerException if {@code spec} is null
     */
    public RecordedRun start(RunStart spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return begin(spec.job(), spec);
    }

    /**
     * Records that {@code job} was due at {@code dueTime} but did not run (a misfire, a veto, an overlap, a lock not
     * acquired), with the reason. Consecutive skips of a job, with no run of it recorded by this recorder in
     * between, are kept as one record whose {@linkplain ExecutionRecord#skipCount() count} and last due time grow.
     *
     * @return the record saved
     * @throws NullPointerException if an argument is null
     */
    public ExecutionRecord skipped(JobIdentity job, Instant dueTime, String reason) {
        return skipped(job, dueTime, dueTime, 1, reason);
    }

    /**
     * Records that {@code count} due runs of {@code job}, the first due at {@code firstDueTime} and the last at
     * {@code lastDueTime}, did not run, as {@link #skipped(JobIdentity, Instant, String)}.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code count} is less than 1 or the due times are out of order
     */
    public ExecutionRecord skipped(JobIdentity job, Instant firstDueTime, Instant lastDueTime, int count,
                                   String reason) {
        return skipped(job, firstDueTime, lastDueTime, count, reason, Map.of());
    }

    /**
     * As {@link #skipped(JobIdentity, Instant, Instant, int, String)}, with {@code attributes} over the recorder's
     * own (such as the {@value ExecutionRecord#NODE_ATTRIBUTE} of a scheduler's instance). A skip that coalesces into
     * the job's open skipped record leaves that record's attributes as they were.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code count} is less than 1, the due times are out of order, or an
     *                                  attribute name is blank
     */
    public ExecutionRecord skipped(JobIdentity job, Instant firstDueTime, Instant lastDueTime, int count,
                                   String reason, Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(firstDueTime, "firstDueTime must not be null");
        Objects.requireNonNull(lastDueTime, "lastDueTime must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        if (count < 1) {
            throw new IllegalArgumentException("count of skipped runs of job '" + job.id()
                    + "' must be at least 1, but was " + count);
        }
        if (lastDueTime.isBefore(firstDueTime)) {
            throw new IllegalArgumentException("lastDueTime " + lastDueTime + " of job '" + job.id()
                    + "' is before firstDueTime " + firstDueTime);
        }
        Map<String, String> merged = this.attributes;
        if (!attributes.isEmpty()) {
            Map<String, String> all = new LinkedHashMap<>(this.attributes);
            all.putAll(attributes);
            merged = Records.attributes(all);
        }
        return skippedChecked(job, firstDueTime, lastDueTime, count, reason, merged);
    }

    /**
     * How many runs of {@code jobId} said they {@linkplain RunContext#notRun did not happen} since this recorder was
     * built (in this process only; other instances count their own).
     */
    public long notRunCount(String jobId) {
        return notRuns.count(Objects.requireNonNull(jobId, "jobId must not be null"));
    }

    /** {@link #notRunCount} of every job that had such a run, by job id. */
    public Map<String, Long> notRunCounts() {
        return notRuns.counts();
    }

    /**
     * Records a skip, checked already, with {@code attributes}. Whether another instance's run came between it and the
     * job's open streak is read before the monitor, so no other job's skip waits for the store.
     */
    private ExecutionRecord skippedChecked(JobIdentity job, Instant firstDueTime, Instant lastDueTime, int count,
                                           String reason, Map<String, String> attributes) {
        ExecutionRecord streak = skips.openStreak(job.id());
        boolean overtaken = streak != null && skips.overtaken(job.id(), streak, saver.storeDown());
        synchronized (skips) {
            if (overtaken) {
                skips.end(job.id(), streak);
            }
            ExecutionRecord record = skips.add(job, firstDueTime, lastDueTime, count, reason, ids.get(), attributes,
                    limits);
            saver.save(record);
            listeners.finished(record);
            return record;
        }
    }

    /**
     * Saves a record built elsewhere, such as the end of a run found dead by another process, through this
     * recorder: a failure is logged and counted, never thrown, and listeners hear of a finished record.
     *
     * @throws NullPointerException if {@code record} is null
     */
    public void record(ExecutionRecord record) {
        Objects.requireNonNull(record, "record must not be null");
        skips.broken(record.jobId());
        saver.save(record);
        if (record.isFinished()) {
            listeners.finished(record);
        }
    }

    /**
     * How many records will never be stored, since this recorder was built: saves that failed; with write-behind,
     * records the store refused, records dropped because the queue was full, and records {@link #close()} could not
     * store in time. (A write-behind save that fails transiently is retried, not counted here.)
     */
    public long failureCount() {
        return saver.failureCount();
    }

    /**
     * With write-behind, waits until every record queued before this call is stored (or refused, or dropped), at
     * most {@code timeout}; without it, returns true at once, since saves are done when a run returns.
     *
     * @return whether everything queued before the call was settled in time
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("flush timeout must be zero or positive, but was " + timeout);
        }
        return saver.flush(timeout);
    }

    /** What the write-behind writer has done so far; empty when the recorder saves on the job's thread. */
    public Optional<WriteBehindStats> writeBehindStats() {
        return saver.stats();
    }

    /**
     * Stops the heartbeats, waiting up to 5 s for a renewal in progress on the recorder's own heartbeat thread; then,
     * with write-behind, waits up to {@link WriteBehind#closeTimeout()} for what was queued before this call to be
     * stored, and logs at WARN, counts and reports to the listeners each record it could not store. Runs that end
     * meanwhile or afterwards are still recorded (saved on their own thread); runs that start afterwards get no
     * heartbeat deadline, so they never read as abandoned. Runs still in flight are no longer renewed: past their
     * deadline they read as abandoned, as they should when the process is about to exit, until they finish and record
     * their outcome.
     */
    @Override
    public void close() {
        heartbeats.close();
        saver.close();
    }

    /** Starts recording a run of {@code job} as {@code spec} says, or with the defaults when it is null. */
    private RecordedRun begin(JobIdentity job, RunStart spec) {
        ActiveRun run = null;
        try {
            Instant start = null;
            String executionId = null;
            Map<String, String> runAttributes = attributes;
            if (spec != null) {
                start = spec.startTime().orElse(null);
                executionId = spec.executionId().orElse(null);
                if (!spec.attributes().isEmpty()) {
                    Map<String, String> merged = new LinkedHashMap<>(attributes);
                    merged.putAll(spec.attributes());
                    runAttributes = Records.attributes(merged);
                }
            }
            if (start == null) {
                start = Instant.ofEpochMilli(clock.millis()); // records keep milliseconds
            } else if (start.getNano() % 1_000_000 != 0) {
                start = start.truncatedTo(ChronoUnit.MILLIS);
            }
            if (executionId == null) {
                executionId = ids.get();
                if (!idsValid) {
                    Ids.requireValid(executionId, "executionId"); // checked here: the writer may build records
                }
            }
            SkipStreaks.Aside setAside = skips.setAside(job.id());
            run = new ActiveRun(new RunReport(executionId, job, start, runAttributes, limits), clock, saver,
                    listeners, heartbeats, notRuns, skips, setAside);
            run.start();
            run.bind();
            return run;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (run != null) {
                try {
                    run.discard();
                } catch (VirtualMachineError discardFailure) {
                    throw discardFailure;
                } catch (Throwable discardFailure) {
                    e.addSuppressed(discardFailure);
                }
            }
            saver.countFailure();
            log.error("Could not start recording a run of job '{}'; the job runs unrecorded", job.id(), e);
            return new ActiveRun.Detached(job.id());
        }
    }

    private static void check(JobIdentity job, Object task) {
        Objects.requireNonNull(job, "job must not be null");
        if (task == null) { // not requireNonNull(task, message): that would build the message on every run
            throw new NullPointerException("job must not be null (job '" + job.id() + "')");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Builds a {@link JobExecutionRecorder}; every setting has a default, and each setter validates at once. */
    public static final class Builder {
        private final ExecutionHistoryRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> ids = ExecutionIds.uuids();
        private RecordLimits limits = RecordLimits.defaults();
        private FailureHandling failureHandling = FailureHandling.PROPAGATE;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private ScheduledExecutorService heartbeatExecutor;
        private final List<RunListener> listeners = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private WriteBehind writeBehind;
        private NotRunHandling notRunHandling = NotRunHandling.FORGET;

        private Builder(ExecutionHistoryRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /** The clock for start and end times and heartbeat deadlines. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Where execution ids come from; they must be unique and non-blank. Default: {@link ExecutionIds#uuids()}.
         */
        public Builder idGenerator(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "idGenerator must not be null");
            return this;
        }

        /** Bounds on items, errors and stack traces per run. Default: {@link RecordLimits#defaults()}. */
        public Builder limits(RecordLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits must not be null");
            return this;
        }

        /** What {@code run} and {@code wrap} do with the job's exception. Default: {@link FailureHandling#PROPAGATE}. */
        public Builder failureHandling(FailureHandling failureHandling) {
            this.failureHandling = Objects.requireNonNull(failureHandling, "failureHandling must not be null");
            return this;
        }

        /**
         * How often running records are renewed; {@link Duration#ZERO} turns heartbeats off (running records then
         * never read as abandoned). Default: {@link #DEFAULT_HEARTBEAT_INTERVAL}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder heartbeatInterval(Duration interval) {
            Objects.requireNonNull(interval, "heartbeatInterval must not be null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("heartbeatInterval must be zero (off) or positive, but was " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /**
         * Runs heartbeat renewals on {@code executor}, which the host keeps owning (the recorder never shuts it
         * down). Default: a daemon thread of the recorder's own, started with the first run.
         */
        public Builder heartbeatExecutor(ScheduledExecutorService executor) {
            this.heartbeatExecutor = Objects.requireNonNull(executor, "heartbeatExecutor must not be null");
            return this;
        }

        /** Adds a listener, called in the order added. */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** Adds an attribute to every record, such as {@code host} or {@code version}. */
        public Builder attribute(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("attribute name must not be blank or null, but was '" + name + "'");
            }
            attributes.put(name, Objects.requireNonNull(value, "value of attribute '" + name + "' must not be null"));
            return this;
        }

        /**
         * Stores records through a bounded queue and a writer thread of the recorder's own instead of on the job's
         * thread (<a href="https://github.com/jobhistory/jobhistory/blob/main/docs/write-behind.md">docs/write-behind.md</a>). Recommended for every registry that talks to
         * a server; close the recorder when the application stops, so that what is queued gets stored. Default: off.
         */
        public Builder writeBehind(WriteBehind writeBehind) {
            this.writeBehind = Objects.requireNonNull(writeBehind, "writeBehind must not be null");
            return this;
        }

        /**
         * The instance that runs the jobs, stored in every record as the {@value ExecutionRecord#NODE_ATTRIBUTE}
         * attribute (a run's own attributes may name another). Default: this host's name.
         *
         * @throws IllegalArgumentException if blank or null
         */
        public Builder node(String node) {
            if (node == null || node.isBlank()) {
                throw new IllegalArgumentException("node must not be blank or null, but was '" + node + "'");
            }
            attributes.put(ExecutionRecord.NODE_ATTRIBUTE, node);
            return this;
        }

        /**
         * What is kept of a run that said it {@linkplain RunContext#notRun did not happen}. Default:
         * {@link NotRunHandling#FORGET}.
         */
        public Builder notRunHandling(NotRunHandling handling) {
            this.notRunHandling = Objects.requireNonNull(handling, "notRunHandling must not be null");
            return this;
        }

        /** Builds the recorder. */
        public JobExecutionRecorder build() {
            attributes.putIfAbsent(ExecutionRecord.NODE_ATTRIBUTE, Nodes.hostName());
            return new JobExecutionRecorder(this);
        }
    }
}
