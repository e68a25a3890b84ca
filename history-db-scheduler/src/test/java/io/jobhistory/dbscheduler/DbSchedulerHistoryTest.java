package io.jobhistory.dbscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.Await;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.recorder.RunContext;
import io.jobhistory.recorder.JobExecutionRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A real db-scheduler on H2, recording into the in-memory registry. */
class DbSchedulerHistoryTest {

    /** For the tests of heartbeats and dead executions: dead after 400 ms without a heartbeat. */
    private static final Duration FAST_HEARTBEAT = Duration.ofMillis(100);

    private final H2Database db = new H2Database();
    private final InMemoryExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final List<JobExecutionRecorder> recorders = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        schedulers.forEach(Scheduler::stop);
        recorders.forEach(JobExecutionRecorder::close);
        db.close();
    }

    @Test
    @DisplayName("every run of a recurring task is its own record, with the items the task reported")
    void recurringTask() {
        Queue<String> seenByTask = new ConcurrentLinkedQueue<>();
        RecurringTask<Void> task = Tasks.recurring("nightly-report", FixedDelay.ofMillis(50)).execute((inst, ctx) -> {
            RunContext run = RunContext.current().orElseThrow();
            seenByTask.add(run.executionId());
            run.succeeded("eu");
            run.failed("us", "feed down");
        });
        start(node("node-a", recorder(), List.of()).startTasks(task));

        Await.until("three runs finished", () -> finished("nightly-report").size() >= 3);

        List<ExecutionRecord> runs = finished("nightly-report");
        assertThat(runs).extracting(ExecutionRecord::executionId).doesNotHaveDuplicates();
        for (ExecutionRecord run : runs) {
            assertThat(run.status()).isEqualTo(ExecutionStatus.PARTIAL_SUCCESS);
            assertThat(run.jobName()).isEqualTo("nightly-report");
            assertThat(run.succeededItems()).containsExactly("eu");
            assertThat(run.failedItems()).containsExactly("us");
            assertThat(run.errors()).anySatisfy(error -> assertThat(error).contains("feed down"));
            assertThat(run.attributes())
                    .containsEntry(DbSchedulerHistory.INSTANCE_ID, "recurring")
                    .containsEntry(DbSchedulerHistory.PICKED_BY, "node-a")
                    .doesNotContainKey(DbSchedulerHistory.FAILED_HEARTBEATS);
            assertThat(run.node()).contains("node-a");
            Instant due = Instant.parse(run.attributes().get(DbSchedulerHistory.EXECUTION_TIME));
            assertThat(run.executionId())
                    .isEqualTo(DbSchedulerHistory.executionId("nightly-report", "recurring", due));
            assertThat(seenByTask).contains(run.executionId());
        }
    }

    @Test
    @DisplayName("on two nodes, each run's node is the scheduler that picked and ran it")
    void nodeIsPickedBy() {
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        for (String name : List.of("node-a", "node-b")) {
            // the same task on both nodes; each node's handler writes down its own name under the run's id
            OneTimeTask<Void> task = Tasks.oneTime("ship-order").execute((inst, ctx) -> {
                ranOn.put(RunContext.current().orElseThrow().executionId(), name);
                sleep(Duration.ofMillis(20)); // long enough for both nodes to pick some
            });
            start(node(name, recorder(), List.of(task)));
        }
        Scheduler client = schedulers.get(0);
        OneTimeTask<Void> any = Tasks.oneTime("ship-order").execute((inst, ctx) -> { });
        for (int i = 0; i < 40; i++) {
            client.schedule(any.instance("order-" + i), Instant.now());
        }

        Await.until("40 runs finished", () -> registry.findHistory("ship-order", 100).stream()
                .filter(ExecutionRecord::isFinished).count() == 40);
        List<ExecutionRecord> runs = registry.findHistory("ship-order", 100);
        assertThat(ranOn.values()).contains("node-a", "node-b");
        for (ExecutionRecord run : runs) {
            assertThat(run.node()).as("node of %s", run.executionId()).contains(ranOn.get(run.executionId()));
            assertThat(run.attributes()).containsEntry(DbSchedulerHistory.PICKED_BY, ranOn.get(run.executionId()));
        }
    }

    @Test
    @DisplayName("a one-time task is running while it runs, under the job of its task name, its instance id an attribute")
    void oneTimeTask() {
        CountDownLatch started = new CountDownLatch(1);
        OneTimeTask<Void> task = Tasks.oneTime("send-invoice").execute((inst, ctx) -> {
            RunContext.current().orElseThrow().succeeded(inst.getId());
            if (inst.getId().equals("order-1")) {
                started.countDown();
                awaitUninterruptibly(release);
            }
        });
        Scheduler scheduler = start(node("node-a", recorder(), List.of(task)));
        Instant due = Instant.now();
        String first = DbSchedulerHistory.executionId("send-invoice", "order-1", due);

        scheduler.schedule(task.instance("order-1"), due);
        awaitUninterruptibly(started);
        Await.until("the running record was saved", () -> registry.findById(first).isPresent());

        ExecutionRecord running = registry.findById(first).orElseThrow();
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.jobId()).isEqualTo("send-invoice");
        assertThat(running.attributes()).containsEntry(DbSchedulerHistory.INSTANCE_ID, "order-1");

        release.countDown();
        Await.until("order-1 finished", () -> registry.findById(first).map(ExecutionRecord::isFinished).orElse(false));
        Instant secondDue = Instant.now();
        scheduler.schedule(task.instance("order-2"), secondDue);
        String second = DbSchedulerHistory.executionId("send-invoice", "order-2", secondDue);
        Await.until("order-2 finished", () -> registry.findById(second).map(ExecutionRecord::isFinished).orElse(false));

        assertThat(registry.findById(first).orElseThrow().succeededItems()).containsExactly("order-1");
        ExecutionRecord order2 = registry.findById(second).orElseThrow();
        assertThat(order2.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(order2.succeededItems()).containsExactly("order-2");
        assertThat(order2.attributes()).containsEntry(DbSchedulerHistory.INSTANCE_ID, "order-2");
        assertThat(registry.findHistory("send-invoice")).extracting(ExecutionRecord::executionId)
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    @DisplayName("a failing task is recorded failed with its exception, and db-scheduler still sees it fail")
    void failingTask() {
        OneTimeTask<Void> task = Tasks.oneTime("import-prices").execute((inst, ctx) -> {
            RunContext.current().orElseThrow().succeeded("AAPL");
            throw new IllegalStateException("disk full");
        });
        Scheduler scheduler = start(node("node-a", recorder(), List.of(task)));
        Instant due = Instant.now();
        String id = DbSchedulerHistory.executionId("import-prices", "batch-1", due);

        scheduler.schedule(task.instance("batch-1"), due);
        Await.until("the run finished", () -> registry.findById(id).map(ExecutionRecord::isFinished).orElse(false));

        ExecutionRecord run = registry.findById(id).orElseThrow();
        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.succeededItems()).containsExactly("AAPL");
        assertThat(run.errors()).anySatisfy(error -> assertThat(error).contains("disk full"));
        assertThat(run.stackTrace()).hasValueSatisfying(trace -> assertThat(trace).contains("IllegalStateException"));
        Await.until("db-scheduler counted the failure", () -> scheduler
                .getScheduledExecution(TaskInstanceId.of("import-prices", "batch-1"))
                .map(execution -> execution.getConsecutiveFailures() == 1).orElse(false));
    }

    @Test
    @DisplayName("a dead execution found by another node updates the same record to abandoned; a late outcome replaces it")
    void deadExecutionFoundByAnotherNode() {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        OneTimeTask<Void> task = Tasks.oneTime("rebuild-index").execute((inst, ctx) -> {
            RunContext.current().orElseThrow().succeeded("shard-" + calls.incrementAndGet());
            if (calls.get() == 1) {
                started.countDown();
                awaitUninterruptibly(release); // node-a "dies" while this one runs: it stops heartbeating
            }
        });
        JobExecutionRecorder recorderA = recorder(builder -> builder.heartbeatInterval(Duration.ZERO));
        Events eventsB = new Events();
        Scheduler nodeA = start(node("node-a", recorderA, List.of(task), FAST_HEARTBEAT));
        Instant due = Instant.now();
        String id = DbSchedulerHistory.executionId("rebuild-index", "full", due);
        nodeA.schedule(task.instance("full"), due);
        awaitUninterruptibly(started);
        Await.until("the running record was saved", () -> registry.findById(id).isPresent());
        assertThat(registry.findById(id).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);

        nodeA.stop(); // its handler is still blocked, but nothing heartbeats the execution any more
        start(node("node-b", recorder(), List.of(task), FAST_HEARTBEAT).addSchedulerListener(eventsB));

        Await.until("node-b recorded the dead execution", () -> registry.findById(id)
                .map(run -> run.status() == ExecutionStatus.ABANDONED).orElse(false));
        Await.until("node-b's own listener saw it dead", () -> eventsB.dead.get() == 1);
        ExecutionRecord abandoned = registry.findById(id).orElseThrow();
        assertThat(abandoned.jobId()).isEqualTo("rebuild-index");
        assertThat(abandoned.startTime()).isEqualTo(Instant.parse(abandoned.attributes().get(DbSchedulerHistory.EXECUTION_TIME)));
        assertThat(abandoned.attributes())
                .containsEntry(DbSchedulerHistory.INSTANCE_ID, "full")
                .containsEntry(DbSchedulerHistory.PICKED_BY, "node-a")
                .containsKey(DbSchedulerHistory.LAST_HEARTBEAT);
        assertThat(abandoned.node()).as("the node that ran it, not the one that found it dead").contains("node-a");
        assertThat(abandoned.errors()).anySatisfy(error -> assertThat(error).contains("dead").contains("node-a"));

        // db-scheduler revives it on node-b: a new execution time, so a new record next to the abandoned one
        Await.until("node-b ran it again", () -> registry.findHistory("rebuild-index").stream()
                .anyMatch(run -> !run.executionId().equals(id) && run.status() == ExecutionStatus.SUCCESS));
        ExecutionRecord rerun = registry.findHistory("rebuild-index").stream()
                .filter(run -> !run.executionId().equals(id)).findFirst().orElseThrow();
        assertThat(rerun.attributes()).containsEntry(DbSchedulerHistory.PICKED_BY, "node-b");
        assertThat(rerun.node()).contains("node-b");
        assertThat(registry.findById(id).orElseThrow().status()).isEqualTo(ExecutionStatus.ABANDONED);

        // node-a was not dead after all: its handler returns, and its true outcome replaces "abandoned"
        release.countDown();
        Await.until("node-a's late outcome replaced abandoned", () -> registry.findById(id)
                .map(run -> run.status() == ExecutionStatus.SUCCESS).orElse(false));
        assertThat(registry.findById(id).orElseThrow().succeededItems()).containsExactly("shard-1");
        assertThat(registry.findHistory("rebuild-index")).hasSize(2);
    }

    @Test
    @DisplayName("a failed heartbeat is counted on the run's record, and a later dead verdict never replaces its outcome")
    void failedHeartbeat() {
        CountDownLatch started = new CountDownLatch(1);
        OneTimeTask<Void> task = Tasks.oneTime("reindex").execute((inst, ctx) -> {
            if (started.getCount() > 0) {
                started.countDown();
                awaitUninterruptibly(release);
            }
        });
        Events events = new Events();
        Scheduler scheduler = start(node("node-a", recorder(), List.of(task), FAST_HEARTBEAT)
                .addSchedulerListener(events));
        Instant due = Instant.now();
        String id = DbSchedulerHistory.executionId("reindex", "all", due);
        scheduler.schedule(task.instance("all"), due);
        awaitUninterruptibly(started);

        // another writer changed the row: db-scheduler's heartbeat (an update by version) now misses it
        assertThat(db.execute("update scheduled_tasks set version = version + 1 where task_name = 'reindex'"))
                .isEqualTo(1);
        Await.until("a heartbeat failed", () -> events.failedHeartbeats.get() >= 1);
        release.countDown();
        Await.until("the run finished", () -> registry.findById(id).map(ExecutionRecord::isFinished).orElse(false));

        ExecutionRecord run = registry.findById(id).orElseThrow();
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(Integer.parseInt(run.attributes().get(DbSchedulerHistory.FAILED_HEARTBEATS))).isPositive();

        // the row was never removed (its version changed), so the scheduler declares it dead after a while
        Await.until("the execution was declared dead", () -> events.dead.get() >= 1);
        assertThat(registry.findById(id).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(registry.findHistory("reindex")).extracting(ExecutionRecord::executionId).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the listener alone records each execution when it completes")
    void listenerAlone() {
        OneTimeTask<Void> task = Tasks.oneTime("listener-only").execute((inst, ctx) -> {
            assertThat(RunContext.current()).isEmpty();
            if (inst.getId().equals("bad")) {
                throw new IllegalArgumentException("bad input");
            }
        });
        DbSchedulerHistory history = DbSchedulerHistory.of(recorder());
        Scheduler scheduler = start(settings(Scheduler.create(db.dataSource, task), "node-a")
                .addSchedulerListener(history.listener()));

        List<String> ids = scheduleGoodAndBad(scheduler, task, "listener-only");

        assertThat(registry.findById(ids.get(0)).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCESS);
        ExecutionRecord bad = registry.findById(ids.get(1)).orElseThrow();
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.errors()).anySatisfy(error -> assertThat(error).contains("bad input"));
        assertThat(bad.attributes()).containsEntry(DbSchedulerHistory.INSTANCE_ID, "bad");
    }

    @Test
    @DisplayName("the interceptor alone records each execution, with its items, its outcome from what the handler threw")
    void interceptorAlone() {
        OneTimeTask<Void> task = Tasks.oneTime("interceptor-only").execute((inst, ctx) -> {
            RunContext.current().orElseThrow().succeeded(inst.getId());
            if (inst.getId().equals("bad")) {
                throw new IllegalArgumentException("bad input");
            }
        });
        DbSchedulerHistory history = DbSchedulerHistory.of(recorder());
        Scheduler scheduler = start(settings(Scheduler.create(db.dataSource, task), "node-a")
                .addExecutionInterceptor(history.interceptor()));

        List<String> ids = scheduleGoodAndBad(scheduler, task, "interceptor-only");

        ExecutionRecord good = registry.findById(ids.get(0)).orElseThrow();
        assertThat(good.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(good.succeededItems()).containsExactly("good");
        ExecutionRecord bad = registry.findById(ids.get(1)).orElseThrow();
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.errors()).anySatisfy(error -> assertThat(error).contains("bad input"));
    }

    @Test
    @DisplayName("execution ids are derived from task name, instance id and execution time, to the millisecond")
    void executionIds() {
        Instant due = Instant.parse("2026-11-29T10:00:00.123Z");
        String id = DbSchedulerHistory.executionId("task", "instance", due);

        assertThat(id).matches("dbs-[0-9a-f]{32}")
                .isEqualTo(DbSchedulerHistory.executionId("task", "instance", due.plusNanos(999_999)))
                .isNotEqualTo(DbSchedulerHistory.executionId("task", "instance", due.plusMillis(1)))
                .isNotEqualTo(DbSchedulerHistory.executionId("task", "other", due))
                .isNotEqualTo(DbSchedulerHistory.executionId("other", "instance", due));
        assertThat(DbSchedulerHistory.executionId("ab", "c", due))
                .isNotEqualTo(DbSchedulerHistory.executionId("a", "bc", due));
        assertThat(DbSchedulerHistory.executionId("job: *{x}", "ünïcode 🙂", due)).matches("dbs-[0-9a-f]{32}");
        assertThatThrownBy(() -> DbSchedulerHistory.executionId(null, "i", due))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("taskName");
        assertThatThrownBy(() -> DbSchedulerHistory.executionId("t", null, due))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("instanceId");
        assertThatThrownBy(() -> DbSchedulerHistory.executionId("t", "i", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("executionTime");
        assertThatThrownBy(() -> DbSchedulerHistory.of(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("recorder");
        assertThatThrownBy(() -> DbSchedulerHistory.of(recorder()).registerOn(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("builder");
    }

    /** Schedules instances "good" and "bad" and waits until both are recorded finished; returns their ids. */
    private List<String> scheduleGoodAndBad(Scheduler scheduler, OneTimeTask<Void> task, String taskName) {
        Instant due = Instant.now();
        List<String> ids = List.of(DbSchedulerHistory.executionId(taskName, "good", due),
                DbSchedulerHistory.executionId(taskName, "bad", due));
        scheduler.schedule(task.instance("good"), due);
        scheduler.schedule(task.instance("bad"), due);
        for (String id : ids) {
            Await.until(id + " finished", () -> registry.findById(id).map(ExecutionRecord::isFinished).orElse(false));
        }
        return ids;
    }

    private List<ExecutionRecord> finished(String jobId) {
        return registry.findHistory(jobId).stream().filter(ExecutionRecord::isFinished).toList();
    }

    private JobExecutionRecorder recorder() {
        return recorder(UnaryOperator.identity());
    }

    private JobExecutionRecorder recorder(UnaryOperator<JobExecutionRecorder.Builder> settings) {
        JobExecutionRecorder recorder = settings.apply(JobExecutionRecorder.builder(registry)).build();
        recorders.add(recorder);
        return recorder;
    }

    /** A node recording through {@code recorder}, with heartbeats every second (dead after 4 s without one). */
    private SchedulerBuilder node(String name, JobExecutionRecorder recorder, List<Task<?>> tasks) {
        return node(name, recorder, tasks, Duration.ofSeconds(1));
    }

    /** A node with heartbeats every {@code heartbeat}: dead after four intervals without one. */
    private SchedulerBuilder node(String name, JobExecutionRecorder recorder, List<Task<?>> tasks,
                                  Duration heartbeat) {
        return settings(DbSchedulerHistory.of(recorder).registerOn(Scheduler.create(db.dataSource, tasks)), name,
                heartbeat);
    }

    private static SchedulerBuilder settings(SchedulerBuilder builder, String name) {
        return settings(builder, name, Duration.ofSeconds(1));
    }

    private static SchedulerBuilder settings(SchedulerBuilder builder, String name, Duration heartbeat) {
        return builder.schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(Duration.ofMillis(50))
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(Duration.ofMillis(100))
                .threads(2)
                .enableImmediateExecution();
    }

    private Scheduler start(SchedulerBuilder builder) {
        Scheduler scheduler = builder.build();
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, ignoring interrupts (as a hung task would), until {@code latch} opens or the test gives up. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + Await.AT_MOST.toNanos();
        try {
            while (latch.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("gave up after " + Await.AT_MOST + " waiting for the latch");
                }
                try {
                    latch.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts the scheduler events the tests wait for. */
    static final class Events extends AbstractSchedulerListener {
        final AtomicInteger dead = new AtomicInteger();
        final AtomicInteger failedHeartbeats = new AtomicInteger();

        @Override
        public void onExecutionDead(Execution execution) {
            dead.incrementAndGet();
        }

        @Override
        public void onExecutionFailedHeartbeat(CurrentlyExecuting currentlyExecuting) {
            failedHeartbeats.incrementAndGet();
        }
    }
}
