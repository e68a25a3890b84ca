package io.jobhistory.examples.basics;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;

/** Recording a plain {@link Runnable}: wrap it once, run the wrapper wherever the job ran before. */
public final class WrapRunnableExample {

    private WrapRunnableExample() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        JobExecutionRecorder recorder = JobExecutionRecorder.create(registry);
        Runnable cleanup = recorder.wrap(JobIdentity.of("tmp-cleanup", "Temp file cleanup"), () -> System.out.println("Cleaning up"));
        cleanup.run(); // or: scheduler.scheduleAtFixedRate(cleanup, 0, 1, TimeUnit.HOURS)
        System.out.println("Recorded: " + registry.findLatest("tmp-cleanup").orElseThrow().status());

        Examples.printHistory(registry, "tmp-cleanup");
        recorder.close();
    }
}
