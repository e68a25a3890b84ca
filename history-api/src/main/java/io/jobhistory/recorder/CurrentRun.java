package io.jobhistory.recorder;

import org.slf4j.MDC;

/** Binds a run's context to the thread executing it: {@link ExecutionContext#current()} and the MDC. */
final class CurrentRun {

    private static final ThreadLocal<ExecutionContext> CURRENT = new ThreadLocal<>();

    private CurrentRun() {
    }

    /**
     * The context bound to this thread, unless its run has ended: a run finished on another thread could not unbind
     * itself here, and must not make later code on this (pooled) thread report into it.
     */
    static ExecutionContext get() {
        ExecutionContext context = CURRENT.get();
        if (context instanceof RunContext && ((RunContext) context).isEnded()) {
            CURRENT.remove();
            MDC.remove(ExecutionContext.MDC_JOB_ID);
            MDC.remove(ExecutionContext.MDC_EXECUTION_ID);
            return null;
        }
        return context;
    }

    /** Makes {@code context} current on this thread; returns what to hand {@link Binding#close()} to restore. */
    static Binding bind(ExecutionContext context) {
        Binding previous = new Binding(Thread.currentThread(), CURRENT.get(),
                MDC.get(ExecutionContext.MDC_JOB_ID), MDC.get(ExecutionContext.MDC_EXECUTION_ID));
        CURRENT.set(context);
        MDC.put(ExecutionContext.MDC_JOB_ID, context.jobId());
        MDC.put(ExecutionContext.MDC_EXECUTION_ID, context.executionId());
        return previous;
    }

    /** What was current before a run was bound, so a nested run restores its caller's. */
    static final class Binding {
        private final Thread thread;
        private final ExecutionContext context;
        private final String jobId;
        private final String executionId;

        private Binding(Thread thread, ExecutionContext context, String jobId, String executionId) {
            this.thread = thread;
            this.context = context;
            this.jobId = jobId;
            this.executionId = executionId;
        }

        /** Restores the previous state, if called on the thread that bound; elsewhere it cannot and does nothing. */
        void close() {
            if (Thread.currentThread() != thread) {
                return;
            }
            CURRENT.set(context); // null rather than remove(): removing makes the thread's map clean up, every run
            restore(ExecutionContext.MDC_JOB_ID, jobId);
            restore(ExecutionContext.MDC_EXECUTION_ID, executionId);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
