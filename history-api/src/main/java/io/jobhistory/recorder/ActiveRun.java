package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A recorded run in flight: renewed by the heartbeats, current on its thread, saved once more when it finishes. */
final class ActiveRun implements RecordedRun {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final RunContext context;
    private final Clock clock;
    private final RecordSaver saver;
    private final Listeners listeners;
    private final Heartbeats heartbeats;
    private CurrentRun.Binding binding;
    private boolean finished;

    ActiveRun(RunContext context, Clock clock, RecordSaver saver, Listeners listeners, Heartbeats heartbeats) {
        this.context = context;
        this.clock = clock;
        this.saver = saver;
        this.listeners = listeners;
        this.heartbeats = heartbeats;
    }

    /** Makes this run current on the calling thread until it finishes. */
    void bind() {
        binding = CurrentRun.bind(context);
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
    public ExecutionContext context() {
        return context;
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
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        try {
            if (binding != null) {
                binding.close();
            }
            heartbeats.remove(this);
            record = context.finish(Instant.ofEpochMilli(clock.millis()), failure);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            saver.countFailure();
            log.error("Could not record the end of execution {} of job '{}'", executionId(), jobId(), e);
            return;
        }
        saver.save(record);
        if (log.isDebugEnabled()) {
            log.debug("Execution {} of job '{}' finished: {} in {}", record.executionId(), record.jobId(),
                    record.status(), record.duration().orElse(Duration.ZERO));
        }
        listeners.finished(record);
    }

    /** Stands in when recording could not even start, so the job still runs; its reports go nowhere. */
    static final class Detached implements RecordedRun, ExecutionContext {

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
        public ExecutionContext context() {
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
    }
}
