package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/** Calls every listener, logging and skipping one that throws, so that none can break the job or the others. */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(JobExecutionRecorder.class);

    private final List<RunListener> listeners;

    Listeners(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    // Each checks first, so that no listener costs no lambda.
    void started(ExecutionRecord record) {
        if (!listeners.isEmpty()) {
            tell("start", record, listener -> listener.onStart(record));
        }
    }

    void finished(ExecutionRecord record) {
        if (!listeners.isEmpty()) {
            tell("finish", record, listener -> listener.onFinish(record));
        }
    }

    void notRun(ExecutionRecord record, String reason) {
        if (!listeners.isEmpty()) {
            tell("a run that did not happen", record, listener -> listener.onNotRun(record, reason));
        }
    }

    void storageFailed(ExecutionRecord record, Throwable failure) {
        if (!listeners.isEmpty()) {
            tell("a storage failure", record, listener -> listener.onStorageFailure(record, failure));
        }
    }

    private void tell(String event, ExecutionRecord record, Consumer<RunListener> call) {
        for (RunListener listener : listeners) {
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
}
