package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.recorder.JobExecutionRecorder;
import io.jobhistory.recorder.JobIdentity;
import io.jobhistory.recorder.WriteBehind;
import io.jobhistory.recorder.WriteBehindStats;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Write-behind figures that JMH cannot take: runs stored per second with 1, 2 and 8 threads (write-behind,
 * synchronous, and a raw two-pipeline baseline, interleaved, median of five rounds after three warm-up rounds); the longest
 * job run while Redis is stopped, for a job every ms and for a job every 50 ms beside the bare job; the Redis server's
 * CPU time per stored run ({@code INFO cpu}); and the job thread's time per recorded run against the bare
 * {@code Runnable}, the two interleaved call by call. Each on a fresh embedded Redis (it is stopped, and its statistics
 * reset).
 */
final class WriteBehindMeasurements {

    /** Runs per throughput measurement, spread over the threads. */
    static final int RUNS = 20_000;
    static final int ROUNDS = 5;
    /** Unmeasured rounds first: the writer's and the registry's code is compiled by then (one was not enough). */
    static final int WARM_UP_ROUNDS = 3;
    static final int[] THREADS = {1, 2, 8};

    private enum Mode { WRITE_BEHIND, SYNCHRONOUS, RAW }

    private WriteBehindMeasurements() {
    }

    /** With the argument {@code outage-50ms}, only {@link #outageEvery50Ms}; otherwise every phase. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("outage-50ms")) {
            StringBuilder out = new StringBuilder();
            outageEvery50Ms(out);
            System.out.println(out);
            return;
        }
        System.out.println(measure());
    }

    static String measure() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Server server = Server.start(false)) {
            throughput(out, server.client);
            serverTime(out, server.client);
            jobThread(out, server.client);
        }
        outage(out);
        outageEvery50Ms(out);
        return out.toString();
    }

    // ---- throughput ----

    private static void throughput(StringBuilder out, UnifiedJedis client) throws Exception {
        double[][][] rates = new double[THREADS.length][Mode.values().length][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            for (int t = 0; t < THREADS.length; t++) {
                for (Mode mode : Mode.values()) {
                    double rate = runsPerSecond(client, mode, THREADS[t]);
                    if (round >= 0) {
                        rates[t][mode.ordinal()][round] = rate;
                    }
                }
            }
        }
        out.append("| threads | write-behind (runs stored/s) | synchronous | raw two pipelines | write-behind / "
                + "synchronous | write-behind / raw |\n|---|---|---|---|---|---|\n");
        for (int t = 0; t < THREADS.length; t++) {
            double wb = median(rates[t][Mode.WRITE_BEHIND.ordinal()]);
            double sync = median(rates[t][Mode.SYNCHRONOUS.ordinal()]);
            double raw = median(rates[t][Mode.RAW.ordinal()]);
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.1f× | %.1f× |%n",
                    THREADS[t], wb, sync, raw, wb / sync, wb / raw));
        }
        out.append(String.format(Locale.ROOT, "(%d no-op runs per measurement, median of %d rounds after %d warm-up rounds; all rounds: %s)%n%n",
                RUNS, ROUNDS, WARM_UP_ROUNDS, Arrays.deepToString(round(rates))));
    }

    private static double runsPerSecond(UnifiedJedis client, Mode mode, int threads) throws Exception {
        String prefix = "bench-tp-" + UUID.randomUUID().toString().substring(0, 8);
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix(prefix).build();
        JobExecutionRecorder.Builder builder = JobExecutionRecorder.builder(registry);
        if (mode == Mode.WRITE_BEHIND) {
            builder.writeBehind(WriteBehind.builder().capacity(RUNS * 2).build());
        }
        JobExecutionRecorder recorder = builder.build();
        RawBaseline raw = new RawBaseline(client, prefix + "-raw");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String job = "job-" + i;
            Runnable recorded = recorder.wrap(JobIdentity.of(job), () -> { });
            int runs = RUNS / threads;
            Thread worker = new Thread(() -> {
                awaitQuietly(go);
                for (int n = 0; n < runs; n++) {
                    if (mode == Mode.RAW) {
                        Instant now = Instant.now();
                        ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), job, job, now)
                                .build();
                        raw.save(running);
                        raw.save(running.toBuilder().finished(ExecutionStatus.SUCCESS, Instant.now()).build());
                    } else {
                        recorded.run();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (!recorder.flush(Duration.ofMinutes(5))) {
            throw new IllegalStateException("write-behind did not flush: " + recorder.writeBehindStats());
        }
        long elapsed = System.nanoTime() - start;
        recorder.writeBehindStats().ifPresent(stats -> {
            if (stats.dropped() > 0 || stats.rejected() > 0 || stats.queueDepth() > 0) {
                throw new IllegalStateException("write-behind lost records: " + stats);
            }
        });
        recorder.close();
        return (RUNS / threads * threads) / (elapsed / 1e9);
    }

    // ---- server time ----

    private static void serverTime(StringBuilder out, UnifiedJedis client) {
        int runs = 2_000;
        out.append("| Redis server time per recorded run (").append(runs)
                .append(" sequential no-op runs) | Redis CPU µs per run (INFO cpu) | writes per run |\n|---|---|---|\n");
        for (Mode mode : Mode.values()) {
            String prefix = "bench-st-" + UUID.randomUUID().toString().substring(0, 8);
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix(prefix)
                    .build();
            JobExecutionRecorder.Builder builder = JobExecutionRecorder.builder(registry);
            if (mode == Mode.WRITE_BEHIND) {
                builder.writeBehind(WriteBehind.defaults());
            }
            JobExecutionRecorder recorder = builder.build();
            Runnable recorded = recorder.wrap(JobIdentity.of("job"), () -> { });
            RawBaseline raw = new RawBaseline(client, prefix + "-raw");
            double cpuBefore = redisCpuSeconds(client);
            for (int i = 0; i < runs; i++) {
                if (mode == Mode.RAW) {
                    ExecutionRecord running = ExecutionRecord.builder(UUID.randomUUID().toString(), "job", "job",
                            Instant.now()).build();
                    raw.save(running);
                    raw.save(running.toBuilder().finished(ExecutionStatus.SUCCESS, Instant.now()).build());
                } else {
                    recorded.run();
                }
                // paced like a scheduled job, not back to back
                LockSupport.parkNanos(50_000);
            }
            recorder.flush(Duration.ofMinutes(1));
            double cpu = redisCpuSeconds(client) - cpuBefore;
            String writes = recorder.writeBehindStats().map(WriteBehindStats::stored)
                    .map(stored -> String.format(Locale.ROOT, "%.2f", stored / (double) runs)).orElse("2");
            recorder.close();
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %s |%n", switch (mode) {
                case WRITE_BEHIND -> "write-behind (batched, coalesced)";
                case SYNCHRONOUS -> "synchronous (one save per state)";
                case RAW -> "raw two pipelines";
            }, cpu * 1e6 / runs, mode == Mode.RAW ? "2" : writes));
        }
        out.append('\n');
    }

    /**
     * The Redis server's CPU time so far ({@code used_cpu_sys} + {@code used_cpu_user} of {@code INFO cpu}): commands,
     * scripts and the network I/O around them alike. {@code INFO commandstats} cannot tell a script's commands from
     * the plain commands a save now also sends, so it would count some twice.
     */
    private static double redisCpuSeconds(UnifiedJedis client) {
        String info = SafeEncoder.encode((byte[]) client.sendCommand(Protocol.Command.INFO, "cpu"));
        double seconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    // ---- outage ----

    private static void outage(StringBuilder out) throws Exception {
        out.append("| Redis stopped for 1 s, a no-op job every ms | runs | longest run while up | longest run while "
                + "stopped | bare Runnable's longest while stopped | stored afterwards |\n|---|---|---|---|---|---|\n");
        for (Mode mode : new Mode[] {Mode.WRITE_BEHIND, Mode.SYNCHRONOUS}) {
            try (Server server = Server.start(true)) {
                RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(server.client)
                        .maxRunsPerJob(100_000).build();
                JobExecutionRecorder.Builder builder = JobExecutionRecorder.builder(registry);
                if (mode == Mode.WRITE_BEHIND) {
                    builder.writeBehind(WriteBehind.defaults());
                }
                JobExecutionRecorder recorder = builder.build();
                Runnable bare = () -> { };
                Runnable recorded = recorder.wrap(JobIdentity.of("every-ms"), bare);
                long[] up = tick(bare, recorded, Duration.ofSeconds(2));
                server.stop();
                long[] stopped = tick(bare, recorded, Duration.ofSeconds(1));
                server.restart();
                long[] again = tick(bare, recorded, Duration.ofSeconds(1));
                recorder.flush(Duration.ofMinutes(1));
                long runs = up[0] + stopped[0] + again[0];
                int stored = registry.findHistory("every-ms", 100_000).size();
                recorder.close();
                out.append(String.format(Locale.ROOT, "| %s | %d | %.3f ms | %.3f ms | %.3f ms | %d |%n",
                        mode == Mode.WRITE_BEHIND ? "write-behind" : "synchronous", runs,
                        Math.max(up[1], again[1]) / 1e6, stopped[1] / 1e6, stopped[2] / 1e6, stored));
            }
        }
    }

    // ---- outage, a job every 50 ms ----

    static final long JOB_PERIOD_NANOS = 50_000_000;
    static final int OUTAGE_ROUNDS = 3;
    private static final ThreadMXBean THREADS_CPU = ManagementFactory.getThreadMXBean();

    /**
     * A recorded no-op job every 50 ms on one thread and the bare job every 50 ms on a thread beside it, while Redis is
     * up (2 s), stopped (2 s) and restarted on the same port (3 s, then a flush); the longest run of each from the stop
     * on, and the recorded job's slowest runs with the job thread's CPU time in each (a run that took far longer than
     * its CPU time waited: for a lock, or for a core). Each round on a fresh embedded Redis with an append-only file
     * (the restart keeps what was stored), the recorder's defaults. The job's code is as cold as a job every 50 ms
     * keeps it: about 40 runs before the stop, no other warm-up. With {@code -Dwb.sample=true} a thread beside the job
     * prints the job thread's state and stack whenever a run after the stop has lasted over 100 µs.
     */
    private static void outageEvery50Ms(StringBuilder out) throws Exception {
        out.append("| Redis stopped 2 s and restarted, a job every 50 ms | runs | stored afterwards | longest recorded "
                + "run while up | longest recorded run, stop to end | longest bare run beside it, stop to end | "
                + "**added** | slowest recorded runs after the stop (wall / job thread's CPU, µs) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (int round = 1; round <= OUTAGE_ROUNDS; round++) {
            try (Server server = Server.start(true)) {
                RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(server.client)
                        .maxRunsPerJob(100_000).build();
                JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry)
                        .writeBehind(WriteBehind.defaults()).build();
                Runnable recorded = recorder.wrap(JobIdentity.of("every-50ms"), () -> sink++);
                Ticker recordedJob = new Ticker("recorded-job", recorded);
                Ticker bareJob = new Ticker("bare-job", () -> sink++);
                if (Boolean.getBoolean("wb.sample")) {
                    recordedJob.sampleSlowRuns();
                }
                recordedJob.start();
                bareJob.start();
                Thread.sleep(2_000);
                long stoppedAt = System.nanoTime();
                recordedJob.mark(stoppedAt);
                bareJob.mark(stoppedAt);
                server.stop();
                Thread.sleep(2_000);
                server.restart();
                Thread.sleep(3_000);
                recordedJob.halt();
                bareJob.halt();
                boolean flushed = recorder.flush(Duration.ofMinutes(1));
                int stored = registry.findHistory("every-50ms", 100_000).size();
                recorder.close();
                out.append(String.format(Locale.ROOT, "| round %d%s | %d | %d | %.3f ms | %.3f ms | %.3f ms | "
                                + "**%.3f ms** | %s |%n", round, flushed ? "" : " (flush timed out)", recordedJob.runs,
                        stored, recordedJob.longestBefore / 1e6, recordedJob.longestAfter / 1e6,
                        bareJob.longestAfter / 1e6, (recordedJob.longestAfter - bareJob.longestAfter) / 1e6,
                        recordedJob.slowest()));
            }
        }
        out.append("(while up: after the first run, which loads the recorder's classes)\n");
    }

    /** Runs a job every 50 ms on a thread of its own and keeps its longest runs before and after a mark. */
    private static final class Ticker extends Thread {
        private final Runnable job;
        private volatile boolean halted;
        private volatile long markNanos = Long.MAX_VALUE;
        /** When the run in progress started; 0 between runs (read by the sampler). */
        private volatile long runningSince;
        long runs;
        long longestBefore;
        long longestAfter;
        /** The five slowest runs after the mark: {duration, CPU time}. */
        final long[][] slowest = new long[5][2];

        Ticker(String name, Runnable job) {
            super(name);
            this.job = job;
            setDaemon(true);
        }

        void mark(long nanos) {
            markNanos = nanos;
        }

        void halt() throws InterruptedException {
            halted = true;
            join();
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!halted) {
                next += JOB_PERIOD_NANOS;
                long cpuBefore = THREADS_CPU.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                runningSince = start;
                job.run();
                runningSince = 0;
                long took = System.nanoTime() - start;
                long cpu = THREADS_CPU.getCurrentThreadCpuTime() - cpuBefore;
                runs++;
                if (start < markNanos) {
                    if (runs > 1) { // the first run loads the recorder's classes
                        longestBefore = Math.max(longestBefore, took);
                    }
                } else {
                    longestAfter = Math.max(longestAfter, took);
                    int least = 0;
                    for (int i = 1; i < slowest.length; i++) {
                        if (slowest[i][0] < slowest[least][0]) {
                            least = i;
                        }
                    }
                    if (took > slowest[least][0]) {
                        slowest[least][0] = took;
                        slowest[least][1] = cpu;
                    }
                }
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }

        /** Prints this thread's state and stack whenever a run after the mark has lasted over 100 µs. */
        void sampleSlowRuns() {
            Thread sampler = new Thread(() -> {
                while (!halted) {
                    long since = runningSince;
                    if (since != 0 && since >= markNanos && System.nanoTime() - since > 100_000) {
                        StackTraceElement[] stack = getStackTrace();
                        State state = getState();
                        if (runningSince == since) {
                            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                                    "run %d ms after the stop, %d µs in: %s", (since - markNanos) / 1_000_000,
                                    (System.nanoTime() - since) / 1000, state));
                            for (int i = 0; i < Math.min(12, stack.length); i++) {
                                text.append("\n    at ").append(stack[i]);
                            }
                            System.err.println(text);
                        }
                    }
                    LockSupport.parkNanos(30_000);
                }
            }, getName() + "-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        String slowest() {
            StringBuilder text = new StringBuilder();
            Arrays.stream(slowest).filter(s -> s[0] > 0).sorted((a, b) -> Long.compare(b[0], a[0]))
                    .forEach(s -> text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                            "%d / %d", s[0] / 1_000, s[1] / 1_000)));
            return text.toString();
        }
    }

    /** Runs both every millisecond for {@code duration}: {runs, longest recorded run, longest bare run} in ns. */
    private static long[] tick(Runnable bare, Runnable recorded, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long runs = 0;
        long longest = 0;
        long longestBare = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            bare.run();
            long t1 = System.nanoTime();
            recorded.run();
            long t2 = System.nanoTime();
            longestBare = Math.max(longestBare, t1 - t0);
            longest = Math.max(longest, t2 - t1);
            runs++;
            LockSupport.parkNanos(1_000_000);
        }
        return new long[] {runs, longest, longestBare};
    }

    // ---- helpers ----

    // ---- the job thread, interleaved ----

    /** Calls per block; blocks run bare, recorded, recorded, bare in each round. */
    static final int BLOCK = 250;
    static final int JOB_ROUNDS = 60;
    static final long PACE_NANOS = 100_000;
    private static volatile int sink;

    /**
     * The job thread's time per call of a recorded no-op run (write-behind over Redis, the recorder's defaults and
     * default ids) and of the bare {@code Runnable}, interleaved in blocks (ABBA) in one process, each call paced 100 µs
     * apart outside the timed part, as JMH's {@code WriteBehindBenchmark} paces them.
     */
    private static void jobThread(StringBuilder out, UnifiedJedis client) {
        String prefix = "bench-jt-" + UUID.randomUUID().toString().substring(0, 8);
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix(prefix).build();
        JobExecutionRecorder recorder = JobExecutionRecorder.builder(registry).writeBehind(WriteBehind.defaults()).build();
        Runnable bare = () -> sink++;
        Runnable recorded = recorder.wrap(JobIdentity.of("interleaved-job", "Interleaved job"), bare);
        for (int i = 0; i < 40; i++) { // warm-up: 10,000 calls of each
            time(bare, new long[BLOCK], 0);
            time(recorded, new long[BLOCK], 0);
        }
        long[] bareNanos = new long[JOB_ROUNDS * 2 * BLOCK];
        long[] recordedNanos = new long[JOB_ROUNDS * 2 * BLOCK];
        int b = 0;
        int r = 0;
        for (int round = 0; round < JOB_ROUNDS; round++) {
            b = time(bare, bareNanos, b);
            r = time(recorded, recordedNanos, r);
            r = time(recorded, recordedNanos, r);
            b = time(bare, bareNanos, b);
        }
        recorder.flush(Duration.ofMinutes(1));
        WriteBehindStats stats = recorder.writeBehindStats().orElseThrow();
        recorder.close();
        Arrays.sort(bareNanos);
        Arrays.sort(recordedNanos);
        double bareMean = mean(bareNanos);
        double recordedMean = mean(recordedNanos);
        out.append(String.format(Locale.ROOT, "%n| job thread per call, interleaved (%d paced calls each) | mean | median "
                        + "| p90 | p99 |%n|---|---|---|---|---|%n", bareNanos.length));
        out.append(row("bare Runnable", bareNanos, bareMean));
        out.append(row("recorded, write-behind over Redis", recordedNanos, recordedMean));
        out.append(String.format(Locale.ROOT, "| **added** | **%.2f µs** | **%.2f µs** | | |%n",
                (recordedMean - bareMean) / 1000.0,
                (recordedNanos[recordedNanos.length / 2] - bareNanos[bareNanos.length / 2]) / 1000.0));
        out.append(String.format(Locale.ROOT, "(stored %d, dropped %d)%n", stats.stored(), stats.dropped()));
    }

    /** Times one block of paced calls into {@code nanos} from {@code at}; returns the next index. */
    private static int time(Runnable call, long[] nanos, int at) {
        for (int i = 0; i < BLOCK; i++) {
            LockSupport.parkNanos(PACE_NANOS);
            long start = System.nanoTime();
            call.run();
            nanos[at++] = System.nanoTime() - start;
        }
        return at;
    }

    private static double mean(long[] values) {
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static String row(String what, long[] sorted, double mean) {
        return String.format(Locale.ROOT, "| %s | %.2f µs | %.2f µs | %.2f µs | %.2f µs |%n", what, mean / 1000.0,
                sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.9)] / 1000.0,
                sorted[(int) (sorted.length * 0.99)] / 1000.0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[][][] round(double[][][] rates) {
        long[][][] rounded = new long[rates.length][][];
        for (int i = 0; i < rates.length; i++) {
            rounded[i] = new long[rates[i].length][];
            for (int j = 0; j < rates[i].length; j++) {
                rounded[i][j] = Arrays.stream(rates[i][j]).mapToLong(Math::round).toArray();
            }
        }
        return rounded;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An embedded Redis on a free port that can be stopped and started again on that port. */
    private static final class Server implements AutoCloseable {
        final int port;
        final java.nio.file.Path dir;
        final boolean persistent;
        RedisServer redis;
        final RedisClient client;

        private Server(int port, boolean persistent) {
            this.port = port;
            this.persistent = persistent;
            try {
                this.dir = java.nio.file.Files.createTempDirectory("bench-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.redis = newServer(port, dir, persistent);
            this.client = RedisClient.builder().hostAndPort("127.0.0.1", port)
                    .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(2_000)
                            .socketTimeoutMillis(2_000).build())
                    .build();
        }

        static Server start(boolean persistent) {
            return new Server(freePort(), persistent);
        }

        void stop() throws IOException {
            redis.stop();
        }

        void restart() {
            redis = newServer(port, dir, persistent);
        }

        /** If {@code persistent}, with an append-only file, so a restart keeps what was stored. */
        private static RedisServer newServer(int port, java.nio.file.Path dir, boolean persistent) {
            try {
                RedisServer server = RedisServer.newRedisServer().port(port)
                        .setting("bind 127.0.0.1").setting("save \"\"").setting("dir " + dir)
                        .setting("appendonly " + (persistent ? "yes" : "no")).setting("appendfsync always").build();
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            if (redis.isActive()) {
                redis.stop();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
