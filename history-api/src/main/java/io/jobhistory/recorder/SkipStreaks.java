package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps consecutive skips of a job as one record: while no run of the job comes between them, a new skip updates
 * the open skipped record (same execution id, a higher count, the new last due time) instead of adding one, so a
 * storm of misfires cannot push real runs out of the job's retained history.
 */
final class SkipStreaks {

    private final Map<String, ExecutionRecord> open = new ConcurrentHashMap<>();

    /** A run of the job (not a skip) ends its streak. */
    void broken(String jobId) {
        if (!open.isEmpty()) {
            open.remove(jobId);
        }
    }

    /**
     * The record of a skip: a new one, or the job's open skipped record with this skip added. The caller saves it
     * while holding this object's monitor, so saves of one streak reach the store in order.
     */
    ExecutionRecord add(JobIdentity job, Instant firstDue, Instant lastDue, int count, String reason,
                        String newExecutionId, Map<String, String> attributes, RecordLimits limits) {
        String message = limits.boundMessage(reason);
        ExecutionRecord previous = open.get(job.id());
        ExecutionRecord record;
        if (previous == null) {
            record = ExecutionRecord.builder(newExecutionId, job.id(), job.name(), firstDue)
                    .skipped(lastDue, count)
                    .errors(List.of(message))
                    .attributes(attributes)
                    .build();
        } else {
            List<String> errors = previous.errors();
            if (!errors.contains(message) && errors.size() < limits.maxErrors()) {
                errors = new ArrayList<>(errors);
                errors.add(message);
            }
            Instant last = previous.lastDueTime().orElseThrow();
            record = previous.toBuilder()
                    .skipped(lastDue.isAfter(last) ? lastDue : last, saturatedAdd(previous.skipCount(), count))
                    .errors(errors)
                    .build();
        }
        open.put(job.id(), record);
        return record;
    }

    private static int saturatedAdd(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }
}
