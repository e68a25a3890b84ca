package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs that said they did not happen ({@link RunContext#notRun}): counted per job, told to the listeners, and kept as
 * a skip when the recorder's {@link NotRunHandling} says so.
 */
final class NotRuns {

    /** Records a run that did not happen as a skip of its job, due when it started. */
    interface SkipRecorder {
        void skip(ExecutionRecord run, String reason);
    }

    private final NotRunHandling handling;
    private final Listeners listeners;
    private final SkipRecorder skips;
    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    NotRuns(NotRunHandling handling, Listeners listeners, SkipRecorder skips) {
        this.handling = handling;
        this.listeners = listeners;
        this.skips = skips;
    }

    /** {@code run}, its running record as it ended, did not happen, for {@code reason}; its record is gone already. */
    void happened(ExecutionRecord run, String reason) {
        counts.computeIfAbsent(run.jobId(), id -> new LongAdder()).increment();
        listeners.notRun(run, reason);
        if (handling == NotRunHandling.RECORD_SKIPPED) {
            skips.skip(run, reason);
        }
    }

    long count(String jobId) {
        LongAdder count = counts.get(jobId);
        return count == null ? 0 : count.sum();
    }

    Map<String, Long> counts() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((job, count) -> copy.put(job, count.sum()));
        return copy;
    }
}
