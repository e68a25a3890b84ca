package io.jobhistory.dbscheduler;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;

/** The listener half of {@link DbSchedulerHistory}; see {@link DbSchedulerHistory#listener()}. */
final class HistoryListener extends AbstractSchedulerListener {

    private final ExecutionTracker tracker;

    HistoryListener(ExecutionTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void onExecutionStart(CurrentlyExecuting currentlyExecuting) {
        tracker.listenerSawStart();
    }

    @Override
    public void onExecutionComplete(ExecutionComplete complete) {
        Throwable failure = complete.getResult() == ExecutionComplete.Result.OK
                ? null
                : complete.getCause().orElseGet(() -> new IllegalStateException("db-scheduler reported a failure"));
        if (!tracker.finish(complete.getExecution(), failure)) {
            tracker.recordCompleted(complete);
        }
    }

    @Override
    public void onExecutionDead(Execution execution) {
        tracker.dead(execution);
    }

    @Override
    public void onExecutionFailedHeartbeat(CurrentlyExecuting currentlyExecuting) {
        tracker.failedHeartbeat(currentlyExecuting.getExecution());
    }

    @Override
    public String toString() {
        return "DbSchedulerHistory.listener";
    }
}
