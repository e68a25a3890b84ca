package io.jobhistory.dbscheduler;

import com.github.kagkarlsson.scheduler.event.ExecutionChain;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;

/** The interceptor half of {@link DbSchedulerHistory}; see {@link DbSchedulerHistory#interceptor()}. */
final class HistoryInterceptor implements ExecutionInterceptor {

    private final ExecutionTracker tracker;

    HistoryInterceptor(ExecutionTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public CompletionHandler<?> execute(TaskInstance<?> taskInstance, ExecutionContext executionContext,
                                        ExecutionChain chain) {
        ExecutionTracker.InFlight run = tracker.start(executionContext.getExecution());
        // With the listener registered, it finishes the run with db-scheduler's own verdict (ExecutionComplete),
        // on this thread, once the completion handler ran; alone, the interceptor finishes it here.
        boolean finishHere = run != null && !tracker.listenerRegistered();
        Throwable thrown = null;
        try {
            return chain.proceed(taskInstance, executionContext);
        } catch (RuntimeException | Error e) {
            thrown = e;
            throw e;
        } finally {
            if (run != null) {
                run.handlerReturned = true;
            }
            if (finishHere) {
                tracker.finish(run, thrown);
            }
        }
    }

    @Override
    public String toString() {
        return "DbSchedulerHistory.interceptor";
    }
}
