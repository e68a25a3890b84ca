package io.jobhistory.recorder;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.internal.Records;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The state of one recorded run: what the job reported so far, and whether the run has ended. */
final class RunReport implements RunContext {

    private final String executionId;
    private final JobIdentity job;
    private final Instant startTime;
    /** The run's attributes as it started (the recorder's and the start's); see {@link #attributes} for changes. */
    private final Map<String, String> startAttributes;
    private final RecordLimits limits;

    // Created on the first report: most runs report nothing, and their recording should cost no lists.
    private List<String> succeeded = List.of();
    private List<String> failed = List.of();
    private List<String> errors = List.of();
    private int droppedSucceeded;
    private int droppedFailed;
    private int droppedErrors;
    private int totalItems = -1;
    private Map<String, String> attributes;
    private boolean ended;
    /** Whether the job reported anything: most runs do not, and their records need none of the lists. */
    private boolean reported;
    /** Why the run did not happen, if it said so (volatile: read on every finish without the monitor). */
    private volatile String notRunReason;

    /** The arguments are valid: an execution id that passed {@code Ids.requireValid}, a start at milliseconds. */
    RunReport(String executionId, JobIdentity job, Instant startTime, Map<String, String> attributes,
               RecordLimits limits) {
        this.executionId = executionId;
        this.job = job;
        this.startTime = startTime;
        this.startAttributes = attributes;
        this.limits = limits;
    }

    @Override
    public String executionId() {
        return executionId;
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public synchronized void succeeded(String item) {
        Objects.requireNonNull(item, "item must not be null");
        checkOpen();
        reported = true;
        if (succeeded.size() < limits.maxItems()) {
            if (succeeded.isEmpty()) {
                succeeded = new ArrayList<>();
            }
            succeeded.add(item);
        } else {
            droppedSucceeded++;
        }
    }

    @Override
    public synchronized void failed(String item, String message) {
        Objects.requireNonNull(item, "item must not be null");
        Objects.requireNonNull(message, "message must not be null");
        checkOpen();
        reported = true;
        if (failed.size() < limits.maxItems()) {
            if (failed.isEmpty()) {
                failed = new ArrayList<>();
            }
            failed.add(item);
        } else {
            droppedFailed++;
        }
        addError(message);
    }

    @Override
    public void failed(String item, Throwable cause) {
        Objects.requireNonNull(cause, "cause must not be null");
        failed(item, describe(cause));
    }

    @Override
    public synchronized void error(String message) {
        Objects.requireNonNull(message, "message must not be null");
        checkOpen();
        reported = true;
        addError(message);
    }

    @Override
    public synchronized void totalItems(int total) {
        if (total < 0) {
            throw new IllegalArgumentException("totalItems must be 0 or more, but was " + total
                    + " (job '" + jobId() + "')");
        }
        checkOpen();
        reported = true;
        this.totalItems = total;
    }

    @Override
    public synchronized void attribute(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank or null, but was '" + name + "'");
        }
        Objects.requireNonNull(value, "value of attribute '" + name + "' must not be null");
        checkOpen();
        reported = true;
        if (attributes == null) {
            attributes = new LinkedHashMap<>(startAttributes);
        }
        attributes.put(name, value);
    }

    @Override
    public synchronized void notRun(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason a run did not happen must not be blank or null, but was '"
                    + reason + "' (job '" + jobId() + "')");
        }
        checkOpen();
        if (notRunReason == null) {
            notRunReason = limits.boundMessage(reason);
        }
    }

    /** Why the run did not happen, if it said so; else null. */
    String notRunReason() {
        return notRunReason;
    }

    /** Ends a run that did not happen: later reports are refused. Returns its running record as of now. */
    synchronized ExecutionRecord endNotRun() {
        ended = true;
        return start().build();
    }

    /** Whether the run has ended, so its context no longer takes reports. */
    synchronized boolean isEnded() {
        return ended;
    }

    /** The running record with what was reported so far and a renewed heartbeat deadline. */
    synchronized ExecutionRecord progress(Instant heartbeatDeadline) {
        ExecutionRecord.Builder b = start().heartbeatDeadline(heartbeatDeadline);
        return (reported ? withReports(b, List.of()) : b).build();
    }

    /** Ends the run: later reports are refused. Returns the finished record. */
    synchronized ExecutionRecord finish(Instant endTime, Throwable thrown) {
        ended = true;
        int succeededCount = succeeded.size() + droppedSucceeded;
        int failedCount = failed.size() + droppedFailed;
        ExecutionStatus status;
        if (thrown != null) {
            status = ExecutionStatus.FAILED;
        } else if (failedCount > 0) {
            status = succeededCount > 0 ? ExecutionStatus.PARTIAL_SUCCESS : ExecutionStatus.FAILED;
        } else {
            status = ExecutionStatus.SUCCESS;
        }
        Instant end = endTime.isBefore(startTime) ? startTime : endTime;
        ExecutionRecord.Builder b = start().finished(status, end);
        if (thrown == null && !reported) {
            return b.build();
        }
        if (thrown != null) {
            withReports(b, List.of(limits.boundMessage(describe(thrown)))).stackTrace(stackTrace(thrown));
        } else {
            withReports(b, List.of());
        }
        return b.build();
    }

    private ExecutionRecord.Builder start() {
        // the ids were checked when the run started (JobIdentity, and the execution id), so building skips that
        return Records.builderOfCheckedIds(executionId, job.id(), job.name(), startTime).attributes(startAttributes);
    }

    private ExecutionRecord.Builder withReports(ExecutionRecord.Builder b, List<String> lastErrors) {
        int maxErrors = limits.maxErrors();
        List<String> allErrors;
        if (lastErrors.isEmpty()) {
            allErrors = RecordLimits.bound(errors, droppedErrors, maxErrors, "errors");
        } else if (maxErrors == 1) {
            allErrors = lastErrors;
        } else {
            allErrors = new ArrayList<>(RecordLimits.bound(errors, droppedErrors, maxErrors - 1, "errors"));
            allErrors.addAll(lastErrors);
        }
        b.succeededItems(RecordLimits.bound(succeeded, droppedSucceeded, limits.maxItems(), "items"))
                .failedItems(RecordLimits.bound(failed, droppedFailed, limits.maxItems(), "items"))
                .errors(allErrors)
                .totalItems(totalItems >= 0 ? totalItems
                        : succeeded.size() + droppedSucceeded + failed.size() + droppedFailed);
        if (attributes != null) {
            b.attributes(attributes);
        }
        return b;
    }

    private void addError(String message) {
        if (errors.size() < limits.maxErrors()) {
            if (errors.isEmpty()) {
                errors = new ArrayList<>();
            }
            errors.add(limits.boundMessage(message));
        } else {
            droppedErrors++;
        }
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("Execution '" + executionId() + "' of job '" + jobId()
                    + "' has already finished; report items before the job returns");
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    private String stackTrace(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        String[] lines = out.toString().split("\\R");
        int max = limits.maxStackTraceLines();
        StringBuilder sb = new StringBuilder();
        int keep = lines.length <= max ? lines.length : max - 1;
        for (int i = 0; i < keep; i++) {
            sb.append(limits.boundMessage(lines[i])).append('\n');
        }
        if (keep < lines.length) {
            sb.append("\t... ").append(lines.length - keep).append(" more lines\n");
        }
        return sb.toString();
    }
}
