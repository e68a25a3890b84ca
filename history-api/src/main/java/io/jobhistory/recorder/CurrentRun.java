package io.jobhistory.recorder;

import org.slf4j.MDC;

/** Binds a run's context to the thread executing it: {@link RunContext#current()} and the MDC. */
final class CurrentRun {

    private static final ThreadLocal<RunContext> CURRENT = new ThreadLocal<>();

    private CurrentRun() {
    }

    /**
     * The context bound to this thread, unless its run has ended: a run finished on another thread could not unbind
     * itself here, and must not make later code on this (pooled) thread report into it.
     */
    static RunContext get() {
        RunContext context = CURRENT.get();
        if (context instanceof RunReport && ((RunReport) context).isEnded()) {
            CURRENT.remove();
            MDC.remove(RunContext.MDC_JOB_ID);
            MDC.remove(RunContext.MDC_EXECUTION_ID);
            return null;
        }
        return context;
    }

    /** What is bound to this thread, ended or not: what a nested run restores when it finishes. */
    static RunContext bound() {
        return CURRENT.get();
    }

    static String mdcJobId() {
        return MDC.get(RunContext.MDC_JOB_ID);
    }

    static String mdcExecutionId() {
        return MDC.get(RunContext.MDC_EXECUTION_ID);
    }

    /** Makes {@code context} current on this thread, in the MDC too. */
    static void bind(RunContext context) {
        CURRENT.set(context);
        MDC.put(RunContext.MDC_JOB_ID, context.jobId());
        MDC.put(RunContext.MDC_EXECUTION_ID, context.executionId());
    }

    /** Restores what was bound before a run: its context (or none) and the two MDC values (or none). */
    static void restore(RunContext context, String jobId, String executionId) {
        CURRENT.set(context); // null rather than remove(): removing makes the thread's map clean up, every run
        restore(RunContext.MDC_JOB_ID, jobId);
        restore(RunContext.MDC_EXECUTION_ID, executionId);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
