package io.jobhistory.recorder;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records every run of a job: wraps a {@link Runnable}, {@link ItemJob} or {@link Callable} so that each run is
 * saved to an {@link ExecutionHistoryRegistry} as {@code running} when it starts and with its outcome when it ends.
 *
 * <pre>{@code
 * JobExecutionRecorder recorder = JobExecutionRecorder.create(registry);
 * scheduler.scheduleAtFixedRate(recorder.wrap("daily-aapl", "Daily AAPL", this::fetchPrices), 0, 1, TimeUnit.DAYS);
 * }</pre>
 *
 * <h2>Outcome</h2>
 * The job threw: {@code failed}, with the exception's type and message in the errors and a bounded stack trace.
 * Otherwise, from the items reported through the {@link ExecutionContext}: some failed and some succeeded,
 * {@code partial_success}; all failed, {@code failed}; else {@code success}.
 *
 * <h2>Bookkeeping never changes the job</h2>
 * The job's exception passes through unchanged (see {@link FailureHandling} for periodic schedules). A save that
 * fails is logged through SLF4J with the job and execution ids, counted in {@link #storageFailures()}, reported to
 * the listeners, and the job goes on. Saves run on the job's thread and are bounded by the registry's own timeouts
 * (every backend of this project has them); for a registry you do not trust to return, set
 * {@link Builder#saveTimeout(Duration)} and saves run on a small pool of daemon threads, waited for at most that
 * long.
 *
 * <h2>Heartbeats</h2>
 * While a job runs, one daemon thread shared by all runs of this recorder re-saves its running record every
 * {@linkplain Builder#heartbeatInterval heartbeat interval} with the items reported so far and a deadline
 * {@value #HEARTBEAT_DEADLINE_INTERVALS} intervals ahead. A run whose process dies stops being renewed, and
 * registries report it as {@code abandoned} once that deadline has passed.
 *
 * <p>Renewals are saved one after another on that thread: with a registry so slow that renewing every running
 * record takes longer than the deadline, healthy runs could read as abandoned, so keep saves fast (or the interval
 * long) when many jobs run at once.
 *
 * <p>Thread-safe. {@link #close()} stops the heartbeat thread; runs that end afterwards are still recorded.
 */
public final class JobExecutionRecorder implements AutoCloseable {

    /** Default heartbeat interval: 30 seconds. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    /** A running record's deadline is this many heartbeat intervals after its last renewal. */
    public static final int HEARTBEAT_DEADLINE_INTERVALS = 3;
    /** With {@link Builder#saveTimeout}, at most this many saves are in flight at once; more fail at once. */
    public static final int MAX_SAVES_IN_FLIGHT = 8;
    /** How long {@link #close()} waits for a heartbeat renewal in progress. */
    public static final int CLOSE_WAIT_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final ExecutionHistoryRegistry registry;
    private final Clock clock;
    private final Supplier<String> ids;
    private final RecordLimits limits;
    private final FailureHandling failureHandling;
    private final Duration heartbeatInterval;
    /** How far ahead a heartbeat deadline lies; null when heartbeats are off. */
    private final Duration heartbeatSpan;
    private final List<ExecutionListener> listeners;
    private final Map<String, String> attributes;
    private final Duration saveTimeout;
    private final ThreadPoolExecutor saver;
    private final LongAdder storageFailures = new LongAdder();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService heartbeats;
    private volatile boolean closed;

    private JobExecutionRecorder(Builder b) {
        this.registry = b.registry;
        this.clock = b.clock;
        this.ids = b.ids;
        this.limits = b.limits;
        this.failureHandling = b.failureHandling;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatSpan = heartbeatInterval.isZero() ? null : heartbeatInterval.multipliedBy(HEARTBEAT_DEADLINE_INTERVALS);
        this.listeners = List.copyOf(b.listeners);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.saveTimeout = b.saveTimeout;
        this.saver = saveTimeout == null ? null : new ThreadPoolExecutor(0, MAX_SAVES_IN_FLIGHT, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads("jobhistory-save-"));
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
     * A {@code Runnable} that runs {@code job} and records each run under {@code jobId}.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} or {@code jobName} is blank
     */
    public Runnable wrap(String jobId, String jobName, Runnable job) {
        Objects.requireNonNull(job, "job must not be null");
        return wrap(jobId, jobName, (ItemJob) context -> job.run());
    }

    /**
     * A {@code Runnable} that runs {@code job}, handing it a context to report items, and records each run.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} or {@code jobName} is blank
     */
    public Runnable wrap(String jobId, String jobName, ItemJob job) {
        checkJob(jobId, jobName, job);
        return () -> {
            Run run = start(jobId, jobName);
            try {
                job.run(run == null ? DetachedContext.INSTANCE : run.context);
            } catch (Throwable t) {
                finish(run, t);
                if (failureHandling == FailureHandling.SUPPRESS && t instanceof Exception) {
                    return;
                }
                throw JobExecutionRecorder.<RuntimeException>rethrow(t);
            }
            finish(run, null);
        };
    }

    /**
     * A {@code Callable} that calls {@code job} and records each call; its result and exceptions pass through.
     * (Named apart from {@code wrap} so that a lambda returning a value still wraps as a {@code Runnable} there.)
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code jobId} or {@code jobName} is blank
     */
    public <V> Callable<V> wrapCallable(String jobId, String jobName, Callable<V> job) {
        checkJob(jobId, jobName, job);
        return () -> {
            Run run = start(jobId, jobName);
            V result;
            try {
                result = job.call();
            } catch (Throwable t) {
                finish(run, t);
                throw t;
            }
            finish(run, null);
            return result;
        };
    }

    /** How many saves have failed or timed out since this recorder was built. */
    public long storageFailures() {
        return storageFailures.sum();
    }

    /**
     * Stops the heartbeat thread, waiting up to {@value #CLOSE_WAIT_SECONDS} s for a renewal in progress. Runs that
     * end afterwards are still recorded; runs that start afterwards are recorded without a heartbeat deadline, so they
     * never read as abandoned. Runs still in flight are no longer renewed: past their deadline they read as abandoned,
     * as they should when the process is about to exit, until they finish and record their outcome. The save pool of {@link Builder#saveTimeout} needs no closing: its idle daemon threads
     * end by themselves.
     */
    @Override
    public void close() {
        ScheduledExecutorService hb;
        synchronized (this) {
            closed = true;
            hb = heartbeats;
        }
        if (hb != null) {
            hb.shutdownNow();
            try {
                hb.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Run start(String jobId, String jobName) {
        try {
            Instant now = clock.instant();
            Instant deadline = heartbeatDeadline(now);
            ExecutionRecord started = ExecutionRecord.builder(ids.get(), jobId, jobName, now)
                    .heartbeatDeadline(deadline)
                    .attributes(attributes)
                    .build();
            Run run = new Run(new RunContext(started, limits));
            if (deadline != null) {
                running.put(started.executionId(), run);
                startHeartbeats();
            }
            save(started);
            if (!listeners.isEmpty()) {
                tell("start", started, listener -> listener.onStart(started));
            }
            return run;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            storageFailures.increment();
            log.error("Could not start recording a run of job '{}'; the job runs unrecorded", jobId, e);
            return null;
        }
    }

    private void finish(Run run, Throwable thrown) {
        if (run == null) {
            return;
        }
        try {
            ExecutionRecord finished;
            synchronized (run) {
                finished = run.context.finish(clock.instant(), thrown);
                run.finished = true;
            }
            running.remove(finished.executionId());
            save(finished);
            if (log.isDebugEnabled()) {
                log.debug("Execution {} of job '{}' finished: {} in {}", finished.executionId(), finished.jobId(),
                        finished.status(), finished.duration().orElse(Duration.ZERO));
            }
            if (!listeners.isEmpty()) {
                tell("finish", finished, listener -> listener.onFinish(finished));
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            running.remove(run.context.executionId());
            storageFailures.increment();
            log.error("Could not record the end of execution {} of job '{}'",
                    run.context.executionId(), run.context.jobId(), e);
        }
    }

    /** Calls every listener, logging and skipping one that throws, so that none can break the job or the others. */
    private void tell(String event, ExecutionRecord record, Consumer<ExecutionListener> call) {
        for (ExecutionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("Execution listener {} failed on {} of execution {} of job '{}'",
                        listener, event, record.executionId(), record.jobId(), e);
            }
        }
    }

    private void save(ExecutionRecord record) {
        try {
            if (saver == null) {
                registry.save(record);
            } else {
                saveWithTimeout(record);
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable failure) {
            storageFailures.increment();
            log.warn("Could not save execution {} of job '{}' ({}); the job goes on: {}",
                    record.executionId(), record.jobId(), record.status(), failure.toString());
            log.debug("Save failure of execution {}", record.executionId(), failure);
            if (!listeners.isEmpty()) {
                tell("a storage failure", record, listener -> listener.onStorageFailure(record, failure));
            }
        }
    }

    private void saveWithTimeout(ExecutionRecord record) throws Throwable {
        Future<?> pending = saver.submit(() -> registry.save(record));
        try {
            pending.get(saveTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new TimeoutException("save did not return within " + saveTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** The deadline of a run renewed at {@code now}; null when heartbeats are off or this recorder is closed. */
    private Instant heartbeatDeadline(Instant now) {
        return heartbeatSpan == null || closed ? null : now.plus(heartbeatSpan);
    }

    private void startHeartbeats() {
        if (heartbeats != null) {
            return;
        }
        synchronized (this) {
            if (heartbeats == null && !closed) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemonThreads("jobhistory-heartbeat-"));
                executor.setRemoveOnCancelPolicy(true);
                long nanos = heartbeatInterval.toNanos();
                executor.scheduleWithFixedDelay(this::renewHeartbeats, nanos, nanos, TimeUnit.NANOSECONDS);
                heartbeats = executor;
            }
        }
    }

    private void renewHeartbeats() {
        for (Run run : running.values()) {
            try {
                synchronized (run) {
                    Instant deadline = heartbeatDeadline(clock.instant());
                    if (!run.finished && deadline != null) {
                        save(run.context.progress(deadline));
                    }
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("Could not renew the heartbeat of execution {} of job '{}'",
                        run.context.executionId(), run.context.jobId(), e);
            }
        }
    }

    private static void checkJob(String jobId, String jobName, Object job) {
        Ids.requireValid(jobId, "jobId");
        Objects.requireNonNull(jobName, "jobName must not be null");
        if (jobName.isBlank()) {
            throw new IllegalArgumentException("jobName must not be blank, but was '" + jobName + "'");
        }
        Objects.requireNonNull(job, "job must not be null (job '" + jobId + "')");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One run in progress. Its monitor orders heartbeat saves before the final save. */
    private static final class Run {
        final RunContext context;
        boolean finished;

        Run(RunContext context) {
            this.context = context;
        }
    }

    /** Handed to the job when recording could not even start, so the job still runs. */
    private enum DetachedContext implements ExecutionContext {
        INSTANCE;

        @Override
        public String executionId() {
            return "unrecorded";
        }

        @Override
        public String jobId() {
            return "unrecorded";
        }

        @Override
        public void succeeded(String item) {
        }

        @Override
        public void failed(String item, String message) {
        }

        @Override
        public void failed(String item, Throwable cause) {
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void totalItems(int total) {
        }

        @Override
        public void attribute(String name, String value) {
        }
    }

    /** Builds a {@link JobExecutionRecorder}; every setting has a default, and each setter validates at once. */
    public static final class Builder {
        private final ExecutionHistoryRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> ids = ExecutionIds.uuids();
        private RecordLimits limits = RecordLimits.defaults();
        private FailureHandling failureHandling = FailureHandling.PROPAGATE;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Duration saveTimeout;

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

        /** What a wrapped {@code Runnable} does with the job's exception. Default: {@link FailureHandling#PROPAGATE}. */
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

        /** Adds a listener, called in the order added. */
        public Builder listener(ExecutionListener listener) {
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
         * Runs saves on a pool of at most {@value #MAX_SAVES_IN_FLIGHT} daemon threads and waits at most
         * {@code timeout} for each, for registries that might hang. Default: none (saves run on the job's thread).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder saveTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "saveTimeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("saveTimeout must be positive, but was " + timeout);
            }
            this.saveTimeout = timeout;
            return this;
        }

        /** Builds the recorder. */
        public JobExecutionRecorder build() {
            return new JobExecutionRecorder(this);
        }
    }
}
