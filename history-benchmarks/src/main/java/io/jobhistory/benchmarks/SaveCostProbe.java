package io.jobhistory.benchmarks;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

import java.util.UUID;

/**
 * Issue #25: the Redis server time of a finished save's commands, today's plain pipeline against a sketch of cheap
 * job-level writes (SET GET, one BITFIELD, one ZADD GT), alternating rounds; argument: a Redis port. A probe for the
 * design, not a figure of the library (BENCHMARKS.md, job records).
 */
public final class SaveCostProbe {

    private SaveCostProbe() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            String json = "{\"execution_id\":\"" + UUID.randomUUID() + "\",\"job_id\":\"stock-price-writer\",\"job_name\":\"Stock\",\"start_time\":\"2026-12-07T10:00:00Z\",\"end_time\":\"2026-12-07T10:00:02Z\",\"status\":\"partial_success\",\"succeeded_items\":[\"AAPL\",\"MSFT\"],\"failed_items\":[\"GOOGL\"],\"errors\":[\"Failed to fetch GOOGL: Connection timeout after 30s\"],\"duration_seconds\":2.0,\"total_items\":3}";
            for (int round = 0; round < 6; round++) {
                for (boolean cheap : new boolean[] {false, true}) {
                    j.configResetStat();
                    int n = 20000;
                    long base = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        String id = UUID.randomUUID().toString();
                        Pipeline p = j.pipelined();
                        String rec = "scheduler:execution_history:" + id;
                        if (cheap) {
                            p.sendCommand(Protocol.Command.SET, rec, json, "EX", "2592000", "GET");
                        } else {
                            p.setex(rec, 2592000, json);
                        }
                        p.zadd("scheduler:job_history_index:stock-price-writer" + round, i, id);
                        p.zcard("scheduler:job_history_index:stock-price-writer" + round);
                        if (cheap) {
                            long hour = i / 100;
                            p.sendCommand(Protocol.Command.BITFIELD, "stats:{scheduler:job_history_index:stock-price-writer}",
                                    "OVERFLOW", "SAT",
                                    "INCRBY", "u16", "#" + (hour % 48 * 4 + 1), "1",
                                    "INCRBY", "i32", "#" + (192 + hour % 48), "2000",
                                    "INCRBY", "u32", "#" + (300 + (hour / 24) % 31 * 16 + 1), "1",
                                    "INCRBY", "i64", "#" + (200), "2000",
                                    "INCRBY", "u32", "#" + (300 + (hour / 24) % 31 * 16 + 7), "1",
                                    "INCRBY", "u64", "#" + (220), "1");
                            p.sendCommand(Protocol.Command.ZADD, "marks:{scheduler:job_history_index:stock-price-writer}", "GT",
                                    "2000", "h" + hour, "2000", "d" + hour / 24, String.valueOf(1_700_000_000_000L + i), "last_partial");
                        }
                        p.sync();
                        if (i % 1000 == 999) {
                            j.zremrangeByRank("scheduler:job_history_index:stock-price-writer" + round, 0, -101);
                        }
                    }
                    long took = System.nanoTime() - base;
                    String stats = j.info("commandstats");
                    long usec = 0;
                    for (String line : stats.split("\r?\n")) {
                        if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_config") && !line.startsWith("cmdstat_info")
                                && !line.startsWith("cmdstat_zremrangebyrank")) {
                            String v = line.replaceAll(".*usec=(\\d+),.*", "$1");
                            usec += Long.parseLong(v);
                        }
                    }
                    System.out.printf("round %d %s: server %.2f µs per save, latency %.1f µs%n", round,
                            cheap ? "sketch  " : "today   ", usec / (double) n, took / 1000.0 / n);
                }
            }
        }
    }
}
