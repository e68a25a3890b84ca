package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Target 7: Redis memory per retained run, as the {@code used_memory} delta over 10,000 runs across 100 jobs, for our
 * registry and for the same records written by {@link RawBaseline}. Always on a fresh embedded server (it flushes it).
 */
final class RedisMemoryFootprint {

    static final int JOBS = 100;
    static final int RUNS_PER_JOB = 100;

    private RedisMemoryFootprint() {
    }

    static String measure() throws Exception {
        List<ExecutionRecord> runs = new ArrayList<>(JOBS * RUNS_PER_JOB);
        Instant start = Instant.now().minusSeconds(1_000_000);
        for (int j = 0; j < JOBS; j++) {
            for (int i = 0; i < RUNS_PER_JOB; i++) {
                runs.add(SeedRecords.seed(java.util.UUID.randomUUID().toString(), "job-" + j,
                        start.plusSeconds(60L * i), SeedRecords.statusOf(i)));
            }
        }
        try (BenchRedis redis = BenchRedis.start(false)) {
            UnifiedJedis jedis = redis.client();
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.create(jedis);
            long ours = delta(jedis, () -> runs.forEach(registry::save));
            RawBaseline baseline = new RawBaseline(jedis, "scheduler");
            long raw = delta(jedis, () -> runs.forEach(baseline::save));
            double perRunOurs = ours / (double) runs.size();
            double perRunRaw = raw / (double) runs.size();
            return String.format("| Redis memory per retained run (used_memory delta, %d runs, %d jobs) | "
                            + "%.0f B vs %.0f B raw: %.3f× | ≤ 1.1× | %s |%n", runs.size(), JOBS, perRunOurs,
                    perRunRaw, perRunOurs / perRunRaw, perRunOurs / perRunRaw <= 1.1 ? "yes" : "**no**");
        }
    }

    private static long delta(UnifiedJedis jedis, Runnable writes) {
        jedis.flushAll();
        long before = usedMemory(jedis);
        writes.run();
        long after = usedMemory(jedis);
        return after - before;
    }

    private static long usedMemory(UnifiedJedis jedis) {
        for (String line : jedis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }
}
