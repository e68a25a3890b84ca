package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A recorded run in flight: current on its thread, renewed by the heartbeats once its running record is stored, saved
 * once more when it finishes. With write-behind, its running record is built by the writer, only if the run is still
 * going when the writer gets to it (see {@link WriteBehindQueue#offerStart}).
 */
final class ActiveRun implements RecordedRun, WriteBehindQueue.LazyRecord {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final RunReport context;
    private final Clock clock;
    private final RecordSaver saver;
    private final Listeners listeners;
    private final Heartbeats heartbeats;
    private final NotRuns notRuns;
    /** The job's open skip streak this run set aside as it started; resumed if the run did not happen. */
    private final SkipStreaks.Aside setAside;
    private final SkipStreaks streaks;
    // What was current on the starting thread before this run, restored when it finishes there.
    private Thread boundThread;
    private RunContext previousContext;
    private String previousJobId;
    private String previousExecutionId;
    private boolean finished;
    /** Whether the heartbeats renew this run (guarded by this). */
    private boolean renewed;
    /** Whether recording could not start: nothing is stored for the run (guarded by this). */
    private boolean discarded;
    /** The run's start in the write-behind queue, if queued there. */
    private QueueEntry queuedStart;
    /** Whether the run started while heartbeats were on: its running records then carry deadlines. */
    private final boolean heartbeatsOn;

    ActiveRun(RunReport context, Clock clock, RecordSaver saver, Listeners listeners, Heartbeats heartbeats,
              NotRuns notRuns, SkipStreaks streaks, SkipStreaks.Aside setAside) {
        this.context = context;
        this.clock = clock;
        this.saver = saver;
        this.listeners = listeners;
        this.heartbeats = heartbeats;
        this.notRuns = notRuns;
        this.streaks = streaks;
        this.setAside = setAside;
        this.heartbeatsOn = heartbeats.isOn();
    }

    /** Saves the running record, or queues the run for the writer to, and tells the listeners; never throws. */
    void start() {
        queuedStart = saver.offerStart(this);
        if (queuedStart != null) {
            if (!listeners.isEmpty()) {
                listeners.started(snapshot(false));
            }
            return;
        }
        ExecutionRecord started = snapshot(true);
        saver.save(started);
        listeners.started(started);
    }

    /**
     * Undoes a start that failed half-way (recording could not start, the job runs unrecorded): nothing is stored or
     * renewed for it, and the thread's context is restored if it was bound.
     */
    void discard() {
        boolean wasRenewed;
        synchronized (this) {
            finished = true;
            discarded = true;
            wasRenewed = renewed;
        }
        if (queuedStart != null) {
            queuedStart.withdraw();
        }
        streaks.ended(jobId(), setAside);
        if (wasRenewed) {
            heartbeats.remove(this);
        }
        if (boundThread == Thread.currentThread()) {
            CurrentRun.restore(previousContext, previousJobId, previousExecutionId);
        }
    }

    /** Makes this run current on the calling thread until it finishes. */
    void bind() {
        boundThread = Thread.currentThread();
        previousContext = CurrentRun.bound();
        previousJobId = CurrentRun.mdcJobId();
        previousExecutionId = CurrentRun.mdcExecutionId();
        CurrentRun.bind(context);
    }

    @Override
    public String executionId() {
        return context.executionId();
    }

    @Override
    public String jobId() {
        return context.jobId();
    }

    @Override
    public RunContext context() {
        return context;
    }

    /**
     * The running record as of now, with a deadline a heartbeat span ahead; null if recording was discarded. With
     * {@code renew}, null once the run has finished, and from now on the heartbeats renew the run.
     */
    @Override
    public ExecutionRecord snapshot(boolean renew) {
        ExecutionRecord record;
        boolean startRenewing = false;
        synchronized (this) {
            if (discarded || (renew && finished)) {
                return null;
            }
            Instant deadline = heartbeatsOn ? heartbeats.deadlineFrom(Instant.ofEpochMilli(clock.millis())) : null;
            if (renew && deadline != null && !renewed) {
                renewed = true;
                startRenewing = true;
            }
            record = context.progress(deadline);
        }
        if (startRenewing) {
            startRenewing();
        }
        return record;
    }

    @Override
    public synchronized boolean isFinished() {
        return finished;
    }

    @Override
    public void renewFromNow() {
        synchronized (this) {
            if (finished || !heartbeatsOn || renewed) {
                return;
            }
            renewed = true;
        }
        addToHeartbeats();
    }

    /** As {@link #addToHeartbeats()}, logging a failure: the running record is still stored. */
    private void startRenewing() {
        try {
            addToHeartbeats();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // e.g. the host's heartbeat executor refused
            log.warn("Could not schedule heartbeats for execution {} of job '{}'", executionId(), jobId(), e);
        }
    }

    /**
     * Hands this run to the heartbeats, outside its monitor: the first run starts the heartbeat thread, and the run's
     * own thread, finishing meanwhile, must not wait for that (the write-behind writer calls this). A run that finished
     * meanwhile saw {@link #renewed} and removed itself before this added it: it is taken out again here.
     */
    private void addToHeartbeats() {
        heartbeats.add(this);
        boolean finishedMeanwhile;
        synchronized (this) {
            finishedMeanwhile = finished;
        }
        if (finishedMeanwhile) {
            heartbeats.remove(this);
        }
    }

    /** Saves the running record again with a new deadline, unless the run has finished. */
    synchronized void renew(Instant deadline) {
        if (!finished) {
            saver.save(context.progress(deadline));
        }
    }

    @Override
    public void finish(Throwable failure) {
        ExecutionRecord record;
        boolean wasRenewed;
        String notRun = failure == null ? context.notRunReason() : null;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            wasRenewed = renewed;
            if (notRun != null) {
                discarded = true; // the writer builds no running record for it from now on
            }
        }
        if (notRun != null) {
            finishNotRun(notRun, wasRenewed);
            return;
        }
        try {
            if (boundThread == Thread.currentThread()) {
                // elsewhere it cannot restore the starting thread's state; CurrentRun.get() sees the run ended there
                CurrentRun.restore(previousContext, previousJobId, previousExecutionId);
            }
            if (wasRenewed) {
                heartbeats.remove(this);
            }
            record = context.finish(Instant.ofEpochMilli(clock.millis()), failure);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            saver.countFailure();
            log.error("Could not record the end of execution {} of job '{}'", executionId(), jobId(), e);
            return;
        }
        streaks.ended(jobId(), setAside);
        QueueEntry start = queuedStart;
        queuedStart = null;
        saver.save(record, start);
        if (log.isDebugEnabled()) {
            log.debug("Execution {} of job '{}' finished: {} in {}", record.executionId(), record.jobId(),
                    record.status(), record.duration().orElse(Duration.ZERO));
        }
        listeners.finished(record);
    }

    /** Ends a run that did not happen: its record is withdrawn or deleted, and it is counted instead. */
    private void finishNotRun(String reason, boolean wasRenewed) {
        ExecutionRecord run;
        try {
            if (boundThread == Thread.currentThread()) {
                CurrentRun.restore(previousContext, previousJobId, previousExecutionId);
            }
            if (wasRenewed) {
                heartbeats.remove(this);
            }
            run = context.endNotRun();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            saver.countFailure();
            log.error("Could not end execution {} of job '{}', which did not happen", executionId(), jobId(), e);
            return;
        }
        QueueEntry start = queuedStart;
        queuedStart = null;
        saver.forget(run, start);
        streaks.resume(jobId(), setAside, run.executionId());
        log.debug("Execution {} of job '{}' did not happen: {}", run.executionId(), run.jobId(), reason);
        notRuns.happened(run, reason);
    }

    /** Stands in when recording could not even start, so the job still runs; its reports go nowhere. */
    static final class Detached implements RecordedRun, RunContext {

        private final String jobId;

        Detached(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public String executionId() {
            return "unrecorded";
        }

        @Override
        public String jobId() {
            return jobId;
        }

        @Override
        public RunContext context() {
            return this;
        }

        @Override
        public void finish(Throwable failure) {
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

        @Override
        public void notRun(String reason) {
        }
    }
}
