package io.jobhistory.dbscheduler;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import io.jobhistory.recorder.JobExecutionRecorder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;

/**
 * Records every execution of a db-scheduler {@code Scheduler} through a {@link JobExecutionRecorder}: register it in
 * one line with {@code DbSchedulerHistory.of(recorder).registerOn(Scheduler.create(dataSource, tasks))...build()}.
 *
 * <p>The job id and name are the task name; the execution id is {@link #executionId(String, String, Instant)}, the
 * same on every node. The {@link #interceptor()} saves a {@code running} record as the handler starts and binds its
 * {@link io.jobhistory.recorder.RunContext} to the handler's thread; the {@link #listener()} records the outcome,
 * and a dead execution, on whichever node detects it, as {@code abandoned}. The table of what an execution records:
 * <a href="https://github.com/jobhistory/jobhistory/blob/main/docs/db-scheduler.md">docs/db-scheduler.md</a>.
 *
 * <p>Both callbacks run on db-scheduler's own threads and do no I/O themselves: each start and finish is one save
 * through the recorder. db-scheduler asks its listeners not to do I/O, so over a store behind a network build the
 * recorder with {@code writeBehind(...)}. Bookkeeping never changes an execution's outcome: the handler's exceptions
 * pass through unchanged and a failing save is logged and counted by the recorder.
 */
public final class DbSchedulerHistory {

    /** Attribute holding the task instance id of the execution. */
    public static final String INSTANCE_ID = "db_scheduler.instance_id";
    /** Attribute holding the execution time (the time it was due, ISO-8601) the execution id is derived from. */
    public static final String EXECUTION_TIME = "db_scheduler.execution_time";
    /** Attribute holding the name of the scheduler that picked the execution. */
    public static final String PICKED_BY = "db_scheduler.picked_by";
    /** Attribute holding how many heartbeats of the execution db-scheduler failed to write; absent when none failed. */
    public static final String FAILED_HEARTBEATS = "db_scheduler.failed_heartbeats";
    /** Attribute of a dead execution's record: the last heartbeat db-scheduler had seen (ISO-8601). */
    public static final String LAST_HEARTBEAT = "db_scheduler.last_heartbeat";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private final ExecutionTracker tracker;
    private final SchedulerListener listener;
    private final ExecutionInterceptor interceptor;

    private DbSchedulerHistory(JobExecutionRecorder recorder) {
        this.tracker = new ExecutionTracker(recorder);
        this.listener = new HistoryListener(tracker);
        this.interceptor = new HistoryInterceptor(tracker);
    }

    /**
     * Records into {@code recorder}. Its {@code FailureHandling} does not apply here: a handler's exception always
     * reaches db-scheduler unchanged, so its failure handler runs as usual.
     *
     * @throws NullPointerException if {@code recorder} is null
     */
    public static DbSchedulerHistory of(JobExecutionRecorder recorder) {
        return new DbSchedulerHistory(Objects.requireNonNull(recorder, "recorder must not be null"));
    }

    /**
     * Adds {@link #listener()} and {@link #interceptor()} to {@code builder} and returns it, for one-line
     * registration: {@code DbSchedulerHistory.of(recorder).registerOn(Scheduler.create(dataSource, tasks)).build()}.
     *
     * @throws NullPointerException if {@code builder} is null
     */
    public SchedulerBuilder registerOn(SchedulerBuilder builder) {
        Objects.requireNonNull(builder, "builder must not be null");
        return builder.addSchedulerListener(listener).addExecutionInterceptor(interceptor);
    }

    /**
     * The listener half ({@code SchedulerBuilder.addSchedulerListener}, or a Spring bean): finishes each run with the
     * outcome of its {@code ExecutionComplete}, counts failed heartbeats, and records dead executions.
     *
     * <p>A dead execution (its node stopped updating its heartbeat) becomes {@code abandoned}, not {@code failed}:
     * that is what {@code abandoned} means in this library (the recorder's own heartbeat deadline would turn the
     * record {@code abandoned} too, so the history reads the same whichever comes first); the task did not report a
     * failure, and db-scheduler's default dead-execution handler runs it again (a new execution time, so a new record);
     * and {@code abandoned} is not a finished status, so it never replaces an outcome the executing node did record,
     * while a node that was only cut off from the database and completes the execution after all replaces it with the
     * true outcome. Summaries count {@code abandoned} like {@code failed} in consecutive failures. The detecting node
     * does not know when the execution started: the record starts at the execution time, and the items the executing
     * node had reported are not kept.
     */
    public SchedulerListener listener() {
        return listener;
    }

    /**
     * The interceptor half ({@code SchedulerBuilder.addExecutionInterceptor}, or a Spring bean): saves the running
     * record and binds the run's {@code RunContext} to the handler's thread around the rest of the chain.
     */
    public ExecutionInterceptor interceptor() {
        return interceptor;
    }

    /**
     * The execution id recorded for the execution of {@code taskName}/{@code instanceId} due at
     * {@code executionTime}: {@code dbs-} and 32 hex digits of the SHA-256 of the three values (the time to the
     * millisecond). Every node derives the same id, so the node that detects a dead execution updates the record the
     * executing node wrote; a retry or the next run of a recurring task is due at another time and gets another id.
     *
     * @throws NullPointerException if an argument is null
     */
    public static String executionId(String taskName, String instanceId, Instant executionTime) {
        Objects.requireNonNull(taskName, "taskName must not be null");
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        Objects.requireNonNull(executionTime, "executionTime must not be null");
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        update(sha256, taskName);
        update(sha256, instanceId);
        update(sha256, Long.toString(executionTime.toEpochMilli()));
        byte[] digest = sha256.digest();
        char[] id = new char[4 + 32];
        "dbs-".getChars(0, 4, id, 0);
        for (int i = 0; i < 16; i++) {
            id[4 + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            id[5 + 2 * i] = HEX[digest[i] & 0xf];
        }
        return new String(id);
    }

    /** Length-prefixed, so that no two different triples hash the same bytes. */
    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
    }
}
