package io.jobhistory.spring.boot;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Spring's {@link ScheduledMethodRunnable} for one {@code @Scheduled} method, run inside a recorded run. Still a
 * {@code ScheduledMethodRunnable} (same target, method, qualifier and {@code toString}), so the actuator's
 * {@code scheduledtasks} endpoint and scheduler routing see the method as before; Spring's own runnable does the
 * invocation, so its {@code tasks.scheduled.execution} observation is unchanged.
 */
final class RecordedMethodRunnable extends ScheduledMethodRunnable {

    private final ScheduledMethodRunnable delegate;
    private final ScheduledJob job;
    private final ScheduledRuns runs;

    RecordedMethodRunnable(ScheduledMethodRunnable delegate, ScheduledJob job, ScheduledRuns runs) {
        super(delegate.getTarget(), delegate.getMethod(), delegate.getQualifier(), () -> ObservationRegistry.NOOP);
        this.delegate = delegate;
        this.job = job;
        this.runs = runs;
    }

    ScheduledJob job() {
        return job;
    }

    @Override
    public void run() {
        runs.run(job, delegate);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
