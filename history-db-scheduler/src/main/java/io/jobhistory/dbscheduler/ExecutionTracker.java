package io.jobhistory.dbscheduler;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.RecordLimits;
import io.jobhistory.recorder.RecordedRun;
import io.jobhistory.recorder.RunStart;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state the listener and the interceptor share: the runs in flight in this process, by derived execution id.
 * Every method is guarded: it logs and returns instead of throwing, so bookkeeping never breaks an execution.
 */
final class ExecutionTracker {

    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerHistory.class);

    private final JobExecutionRecorder recorder;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    /** The run this thread started last, so that its completion, on the same thread, needs no id derived again. */
    private final ThreadLocal<InFlight> startedHere = new ThreadLocal<>();
    /** Set once the listener saw an execution start: from then on the listener finishes the runs. */
    private volatile boolean listenerRegistered;

    ExecutionTracker(JobExecutionRecorder recorder) {
        this.recorder = recorder;
    }

    /** A run started by the interceptor, and the heartbeats db-scheduler failed to write for it so far. */
    static final class InFlight {
        final Execution execution;
        final String executionId;
        final RecordedRun run;
        final AtomicInteger failedHeartbeats = new AtomicInteger();
        /**
         * Set once the task's handler returned: a heartbeat failing after that races with the completion handler's own
         * update of the row (db-scheduler tolerates that once) and says nothing about the run.
         */
        volatile boolean handlerReturned;

        InFlight(Execution execution, String executionId, RecordedRun run) {
            this.execution = execution;
            this.executionId = executionId;
            this.run = run;
        }
    }

    void listenerSawStart() {
        listenerRegistered = true;
    }

    boolean listenerRegistered() {
        return listenerRegistered;
    }

    /** Saves the running record and binds its context to this thread; null if it could not be started. */
    InFlight start(Execution execution) {
        try {
            String executionId = executionId(execution);
            String taskName = execution.taskInstance.getTaskName();
            RunStart spec = RunStart.of(JobIdentity.of(taskName))
                    .executionId(executionId)
                    .attribute(DbSchedulerHistory.INSTANCE_ID, execution.taskInstance.getId())
                    .attribute(DbSchedulerHistory.EXECUTION_TIME, millis(execution.executionTime).toString());
            if (execution.pickedBy != null) {
                spec = spec.attribute(DbSchedulerHistory.PICKED_BY, execution.pickedBy)
                        .attribute(ExecutionRecord.NODE_ATTRIBUTE, execution.pickedBy);
            }
            InFlight started = new InFlight(execution, executionId, recorder.start(spec));
            inFlight.put(executionId, started);
            startedHere.set(started);
            return started;
        } catch (RuntimeException e) {
            LOG.warn("Could not start recording execution {} of task '{}'; it runs unrecorded: {}",
                    execution.taskInstance.getId(), execution.taskInstance.getTaskName(), e.toString(), e);
            return null;
        }
    }

    /** Finishes the run started for {@code execution}; false if none is in flight (nothing done then). */
    boolean finish(Execution execution, Throwable failureOrNull) {
        try {
            InFlight here = startedHere.get();
            InFlight run = here != null && here.execution == execution
                    ? here
                    : inFlight.get(executionId(execution));
            if (run == null) {
                return false;
            }
            finish(run, failureOrNull);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not finish the record of execution {} of task '{}': {}",
                    execution.taskInstance.getId(), execution.taskInstance.getTaskName(), e.toString(), e);
            return true;
        }
    }

    /** Finishes {@code run}, which this thread started. */
    void finish(InFlight run, Throwable failureOrNull) {
        try {
            inFlight.remove(run.executionId, run);
            if (startedHere.get() == run) {
                startedHere.remove();
            }
            int failed = run.failedHeartbeats.get();
            if (failed > 0) {
                run.run.context().attribute(DbSchedulerHistory.FAILED_HEARTBEATS, Integer.toString(failed));
            }
            run.run.finish(failureOrNull);
        } catch (RuntimeException e) {
            LOG.warn("Could not finish the record of execution {} of job '{}': {}",
                    run.executionId, run.run.jobId(), e.toString(), e);
        }
    }

    /** Records an execution that completed without a run in flight (the interceptor was missing or bypassed). */
    void recordCompleted(ExecutionComplete complete) {
        Execution execution = complete.getExecution();
        try {
            Instant end = complete.getTimeDone();
            ExecutionRecord.Builder record = builder(execution, end.minus(complete.getDuration()));
            if (complete.getResult() == ExecutionComplete.Result.OK) {
                record.finished(ExecutionStatus.SUCCESS, end);
            } else {
                String error = complete.getCause().map(Throwable::toString).orElse("db-scheduler reported a failure");
                record.finished(ExecutionStatus.FAILED, end).errors(List.of(bounded(error)));
            }
            recorder.record(record.build());
        } catch (RuntimeException e) {
            LOG.warn("Could not record execution {} of task '{}': {}",
                    execution.taskInstance.getId(), execution.taskInstance.getTaskName(), e.toString(), e);
        }
    }

    /** Counts a heartbeat db-scheduler failed to write for an execution running here. */
    void failedHeartbeat(Execution execution) {
        try {
            InFlight run = inFlight.get(executionId(execution));
            if (run == null || run.handlerReturned) {
                // Completing here meanwhile (db-scheduler tolerates that race once), or no interceptor registered.
                LOG.debug("db-scheduler failed to update the heartbeat of execution {} of task '{}', not running here",
                        execution.taskInstance.getId(), execution.taskInstance.getTaskName());
                return;
            }
            LOG.warn("db-scheduler failed to update the heartbeat of execution {} of task '{}' ({} failed so far);"
                            + " if it keeps failing, the execution will be declared dead",
                    execution.taskInstance.getId(), execution.taskInstance.getTaskName(),
                    run.failedHeartbeats.incrementAndGet());
        } catch (RuntimeException e) {
            LOG.warn("Could not count a failed heartbeat of task '{}': {}",
                    execution.taskInstance.getTaskName(), e.toString(), e);
        }
    }

    /** Updates the record of a dead execution, found by this node, to abandoned. */
    void dead(Execution execution) {
        try {
            Instant now = clock.instant();
            String lastSign = execution.lastHeartbeat == null ? "" : " since " + millis(execution.lastHeartbeat);
            ExecutionRecord.Builder record = builder(execution, millis(execution.executionTime))
                    .running()
                    .heartbeatDeadline(now) // passed: every read reports the record abandoned
                    .errors(List.of("db-scheduler declared the execution dead: no heartbeat from '"
                            + execution.pickedBy + "'" + lastSign));
            if (execution.lastHeartbeat != null) {
                Map<String, String> attributes = new LinkedHashMap<>(attributes(execution));
                attributes.put(DbSchedulerHistory.LAST_HEARTBEAT, millis(execution.lastHeartbeat).toString());
                record.attributes(attributes);
            }
            recorder.record(record.build());
        } catch (RuntimeException e) {
            LOG.warn("Could not record dead execution {} of task '{}': {}",
                    execution.taskInstance.getId(), execution.taskInstance.getTaskName(), e.toString(), e);
        }
    }

    private static ExecutionRecord.Builder builder(Execution execution, Instant start) {
        String taskName = execution.taskInstance.getTaskName();
        return ExecutionRecord.builder(executionId(execution), taskName, taskName, start)
                .attributes(attributes(execution));
    }

    private static Map<String, String> attributes(Execution execution) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DbSchedulerHistory.INSTANCE_ID, execution.taskInstance.getId());
        attributes.put(DbSchedulerHistory.EXECUTION_TIME, millis(execution.executionTime).toString());
        if (execution.pickedBy != null) {
            attributes.put(DbSchedulerHistory.PICKED_BY, execution.pickedBy);
            attributes.put(ExecutionRecord.NODE_ATTRIBUTE, execution.pickedBy);
        }
        return attributes;
    }

    static String executionId(Execution execution) {
        return DbSchedulerHistory.executionId(
                execution.taskInstance.getTaskName(), execution.taskInstance.getId(), execution.executionTime);
    }

    /** {@code message} cut to the recorder's default error length, saying how much was cut. */
    private static String bounded(String message) {
        int cut = RecordLimits.DEFAULT_MAX_ERROR_LENGTH;
        if (message.length() <= cut) {
            return message;
        }
        if (Character.isHighSurrogate(message.charAt(cut - 1))) {
            cut--;
        }
        return message.substring(0, cut) + "... [" + (message.length() - cut) + " more characters]";
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
