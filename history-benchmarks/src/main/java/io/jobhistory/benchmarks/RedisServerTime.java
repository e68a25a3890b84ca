package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.fixtures.EmbeddedRedis;
import io.jobhistory.fixtures.SystemRedis;
import io.jobhistory.recorder.ExecutionIds;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Our Redis registry against {@link RawBaseline}, interleaved in one process: each round measures a block of calls of
 * ours and a block of the baseline's, in alternating order (ABBA), reporting the latency per call and the Redis server
 * time per call from {@code INFO commandstats} (reset before each block). Runs on Debian's Redis 7
 * ({@code /usr/bin/redis-server}, when installed) and on the embedded Redis 6.2, with the recorder's default execution
 * ids (UUIDs) and the seed's record.
 *
 * <p>Server time counts top-level commands only: inside a script, Redis also counts each command the script calls,
 * and that time is already in the EVALSHA's own.
 */
final class RedisServerTime {

    static final int ROUNDS = 30;
    /**
     * Unmeasured rounds before each pair: 6,000 calls of each side, so the JIT has compiled both before the first
     * measured round (with 2 rounds the first Redis measured ran ours partly interpreted, and read 1.3× against 1.1×).
     */
    static final int WARM_UP_ROUNDS = 20;
    static final int CALLS = 300;
    /**
     * The commands a save block sends only inside MULTI ... EXEC (the trim's ZREM and the job's counts), which Redis
     * counts both on their own and within EXEC's time.
     */
    private static final List<String> IN_EXEC = List.of("zrem", "bitfield", "hset", "eval", "setrange", "strlen",
            "hlen");
    static final String READ_JOB = "stock-price-fetcher";
    static final String WRITE_JOB = "stock-price-writer";

    private RedisServerTime() {
    }

    static String measure() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("| Redis | call | ours µs | raw µs | latency ratio: median of rounds (min–max) | ours server µs "
                + "| raw server µs | server-time ratio: median (min–max) |\n|---|---|---|---|---|---|---|---|\n");
        if (SystemRedis.isInstalled()) {
            try (SystemRedis server = SystemRedis.start()) {
                out.append(run(server.port()));
            }
        } else {
            out.append("| 7.0 | skipped: " + SystemRedis.SERVER + " is not installed | | | | | | |\n");
        }
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            out.append(run(server.port()));
        }
        return out.toString();
    }

    private static String run(int port) {
        try (RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", port)
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(5_000).build()).build();
             Jedis admin = new Jedis("127.0.0.1", port)) {
            String version = admin.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .findFirst().orElse("redis_version:?").substring("redis_version:".length()).trim();
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client)
                    .keyPrefix("ours").build();
            RawBaseline raw = new RawBaseline(client, "raw");
            Supplier<String> ids = ExecutionIds.uuids();
            Instant start = Instant.now().minusSeconds(10_000_000);
            long[] sequence = {0};
            // runs of the last hour, so a trim counts each in the hour's and the day's statistics as it leaves
            Instant recent = Instant.now().minusSeconds(3_600);
            Supplier<ExecutionRecord> next = () -> SeedRecords.seed(ids.get(), WRITE_JOB,
                    recent.plusMillis(++sequence[0]), ExecutionStatus.PARTIAL_SUCCESS);
            for (int i = 0; i < 100; i++) {
                ExecutionRecord r = SeedRecords.seed(ids.get(), READ_JOB, start.plusSeconds(60L * i),
                        SeedRecords.statusOf(i));
                registry.save(r);
                raw.save(r);
                ExecutionRecord w = next.get(); // the write job starts at its cap: every save trims one run
                registry.save(w);
                raw.save(w);
            }
            List<Pair> pairs = List.of(
                    new Pair("save", () -> registry.save(next.get()), () -> raw.save(next.get())),
                    new Pair("history(50)", () -> registry.findHistory(READ_JOB, 50),
                            () -> raw.history(READ_JOB, 50, null)),
                    new Pair("history(50, failed)", () -> registry.findHistory(READ_JOB, 50, ExecutionStatus.FAILED),
                            () -> raw.history(READ_JOB, 50, ExecutionStatus.FAILED)));
            StringBuilder rows = new StringBuilder();
            for (Pair pair : pairs) {
                for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                    block(admin, pair.ours);
                    block(admin, pair.raw);
                }
                Block ours = new Block();
                Block base = new Block();
                List<Double> latencyRatios = new ArrayList<>();
                List<Double> serverRatios = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    Block o;
                    Block r;
                    if (round % 2 == 0) {
                        o = block(admin, pair.ours);
                        r = block(admin, pair.raw);
                    } else {
                        r = block(admin, pair.raw);
                        o = block(admin, pair.ours);
                    }
                    ours.add(o);
                    base.add(r);
                    latencyRatios.add(o.nanos / (double) r.nanos);
                    serverRatios.add(o.usec / (double) r.usec);
                }
                rows.append(String.format(Locale.ROOT,
                        "| %s | %s | %.1f | %.1f | %.2f× (%.2f–%.2f) | %.1f | %.1f | %.2f× (%.2f–%.2f) |%n",
                        version, pair.name, median(ours.latencies), median(base.latencies),
                        median(latencyRatios), min(latencyRatios), max(latencyRatios),
                        median(ours.servers), median(base.servers), median(serverRatios),
                        min(serverRatios), max(serverRatios)));
            }
            rows.append(memory(version, client, admin));
            rows.append(overviews(version, client));
            return rows.toString();
        }
    }

    /** Memory per retained run: used_memory delta over 10,000 runs in 100 jobs, ours against the raw layout. */
    private static String memory(String version, RedisClient client, Jedis admin) {
        List<ExecutionRecord> runs = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(1_000_000);
        Supplier<String> ids = ExecutionIds.uuids();
        for (int j = 0; j < 100; j++) {
            for (int i = 0; i < 100; i++) {
                runs.add(SeedRecords.seed(ids.get(), "job-" + j, start.plusSeconds(60L * i), SeedRecords.statusOf(i)));
            }
        }
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(client);
        RawBaseline raw = new RawBaseline(client, "scheduler");
        admin.flushAll();
        long before = usedMemory(admin);
        runs.forEach(registry::save);
        long ours = usedMemory(admin) - before;
        admin.flushAll();
        before = usedMemory(admin);
        runs.forEach(raw::save);
        long base = usedMemory(admin) - before;
        admin.flushAll();
        return String.format(Locale.ROOT, "| %s | memory per retained run (10,000 runs, 100 jobs) | %.0f B | %.0f B "
                + "| %.3f× | | | |%n", version, ours / 10_000.0, base / 10_000.0, ours / (double) base);
    }

    /** findOverviews of 1,000 jobs with 100 runs each, as the dashboard asks for it: median of 5 calls. */
    private static String overviews(String version, RedisClient client) {
        RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(client).keyPrefix("overview")
                .build();
        Supplier<String> ids = ExecutionIds.uuids();
        Instant start = Instant.now().minusSeconds(1_000_000);
        List<String> jobs = new ArrayList<>();
        for (int j = 0; j < 1_000; j++) {
            String job = "job-" + j;
            jobs.add(job);
            List<ExecutionRecord> runs = new ArrayList<>(100);
            for (int i = 0; i < 100; i++) {
                runs.add(SeedRecords.seed(ids.get(), job, start.plusSeconds(60L * i), SeedRecords.statusOf(i)));
            }
            registry.saveAll(runs);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            int n = registry.findOverviews(jobs, 100).size();
            if (n != 1_000) {
                throw new IllegalStateException("findOverviews returned " + n + " of 1000 jobs");
            }
            if (i > 0) {
                millis.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return String.format(Locale.ROOT, "| %s | findOverviews(1,000 jobs × 100 runs), end to end | %.0f ms "
                + "(min %.0f, max %.0f) | | | | | |%n", version, median(millis), min(millis), max(millis));
    }

    private static long usedMemory(Jedis admin) {
        return admin.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim())).findFirst()
                .orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@link #CALLS} calls of {@code call}, timed, with the server time they cost. */
    private static Block block(Jedis admin, Runnable call) {
        admin.configResetStat();
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        long nanos = System.nanoTime() - t0;
        Map<String, long[]> stats = commandStats(admin);
        long scripts = 0;
        long all = 0;
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            String command = e.getKey();
            if (command.equals("config") || command.startsWith("config|") || command.equals("info")) {
                continue;
            }
            all += e.getValue()[1];
            if (command.equals("eval") || command.equals("evalsha")) {
                scripts += e.getValue()[1];
            }
        }
        // Inside a script or MULTI ... EXEC Redis counts each command it runs as well, and that time is in the
        // script's or EXEC's already. A read block is either plain commands only (a first history page) or scripts
        // only. A save block is plain commands (SET, ZADD, ZCARD, the trim's SET NX, ZRANGE, MGET, ZMSCORE, HGET and
        // DEL) with one MULTI ... EXEC per trim, whose commands are counted once, in EXEC's time; so is ZADD GT,
        // within EXEC: one ZADD a trim taken out of ZADD's calls at ZADD's mean cost. A period's first trim also
        // EVALs claim.lua within EXEC (its ZCARD and three PEXPIREs stay counted twice: a slight overcount).
        boolean saves = stats.containsKey("set");
        long inner = 0;
        if (saves && stats.containsKey("exec")) {
            for (String command : IN_EXEC) {
                inner += stats.getOrDefault(command, new long[2])[1];
            }
            long[] zadd = stats.getOrDefault("zadd", new long[2]);
            long execs = stats.get("exec")[0];
            if (zadd[0] > CALLS) {
                inner += zadd[1] * Math.min(execs, zadd[0] - CALLS) / zadd[0];
            }
        }
        if (Boolean.getBoolean("bench.dumpStats")) {
            StringBuilder dump = new StringBuilder("commandstats of a block:");
            stats.forEach((c, v) -> dump.append(' ').append(c).append('=').append(v[0]).append('/').append(v[1]));
            System.out.println(dump + " inner=" + inner);
        }
        Block b = new Block();
        b.nanos = nanos;
        b.usec = saves ? all - inner : scripts > 0 ? scripts : all;
        if (saves && stats.containsKey("evalsha")) {
            throw new IllegalStateException("a save block ran EVALSHA: its commands would count twice");
        }
        b.calls = CALLS;
        return b;
    }

    /** {@code INFO commandstats}: command name to {calls, usec}. */
    static Map<String, long[]> commandStats(Jedis admin) {
        Map<String, long[]> stats = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            long calls = 0;
            long usec = 0;
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                String[] kv = field.split("=");
                if (kv[0].equals("calls")) {
                    calls = Long.parseLong(kv[1]);
                } else if (kv[0].equals("usec")) {
                    usec = Long.parseLong(kv[1]);
                }
            }
            stats.put(name, new long[] {calls, usec});
        }
        return stats;
    }

    private record Pair(String name, Runnable ours, Runnable raw) {
    }

    private static final class Block {
        long nanos;
        long usec;
        long calls;

        final List<Double> latencies = new ArrayList<>();
        final List<Double> servers = new ArrayList<>();

        void add(Block other) {
            nanos += other.nanos;
            usec += other.usec;
            calls += other.calls;
            latencies.add(other.latencyMicros());
            servers.add(other.serverMicros());
        }

        double latencyMicros() {
            return nanos / 1000.0 / calls;
        }

        double serverMicros() {
            return usec / (double) calls;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure());
    }
}
