package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.jetty.HistoryWebServer;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's overview of {@value #JOBS} jobs × {@value #RUNS} runs on Redis, end to end: one
 * {@code GET .../dashboard/api/overview} over HTTP against a {@link HistoryWebServer} reading a
 * {@link RedisExecutionHistoryRegistry}, timed over {@value #MEASURED} requests after {@value #WARMUP} warm-up ones,
 * with the Redis server's own time and command count per overview from {@code INFO commandstats}. Not JMH: one
 * operation takes a sizeable fraction of a second, so a plain loop with its spread says as much.
 *
 * <pre>{@code mvn -pl history-benchmarks -am -DskipTests package exec:exec -Dbench.main=io.jobhistory.benchmarks.OverviewBenchmark}</pre>
 */
public final class OverviewBenchmark {

    static final int JOBS = 1_000;
    static final int RUNS = 100;
    static final int WARMUP = 3;
    static final int MEASURED = 10;

    private OverviewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchRedis redis = BenchRedis.start(true)) {
            UnifiedJedis jedis = redis.client();
            String prefix = "bench-overview";
            RedisExecutionHistoryRegistry registry = RedisExecutionHistoryRegistry.builder(jedis).keyPrefix(prefix)
                    .build();
            long fillStart = System.nanoTime();
            fill(registry);
            System.out.printf(Locale.ROOT, "Filled %,d jobs x %d runs in %.1f s%n", JOBS, RUNS,
                    (System.nanoTime() - fillStart) / 1e9);

            HistoryWeb web = HistoryWeb.builder(registry).build();
            try (HistoryWebServer server = HistoryWebServer.start(web, new InetSocketAddress("127.0.0.1", 0))) {
                HttpClient http = HttpClient.newHttpClient();
                // what the dashboard reads: every page of the overview, 500 jobs a page
                URI overview = URI.create(server.dashboardUri() + "api/overview?recent_runs=20&limit=500");
                for (int i = 0; i < WARMUP; i++) {
                    get(http, overview);
                }
                jedis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
                List<Double> millis = new ArrayList<>();
                long bytes = 0;
                for (int i = 0; i < MEASURED; i++) {
                    long start = System.nanoTime();
                    bytes = get(http, overview);
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                CommandStats stats = CommandStats.read(jedis.info("commandstats"));
                Collections.sort(millis);
                System.out.printf(Locale.ROOT, "Overview of %,d jobs x %d runs (20 recent per job), %,d bytes of JSON%n",
                        JOBS, RUNS, bytes);
                System.out.printf(Locale.ROOT, "End to end over HTTP: median %.0f ms, min %.0f ms, max %.0f ms (%d requests)%n",
                        millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1), MEASURED);
                System.out.printf(Locale.ROOT, "Redis per overview: %.1f ms of server time in %,.0f commands (%s)%n",
                        stats.micros / 1000.0 / MEASURED, (double) stats.calls / MEASURED, stats.top(MEASURED));

                jedis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
                long start = System.nanoTime();
                for (int i = 0; i < MEASURED; i++) {
                    registry.findOverviews(registry.findJobIds(), 20);
                }
                System.out.printf(Locale.ROOT, "findJobIds + findOverviews alone: %.0f ms per overview%n",
                        (System.nanoTime() - start) / 1e6 / MEASURED);
            }
        }
    }

    /** {@value #JOBS} jobs of {@value #RUNS} runs each, one in ten failed and one in seven partly: the overviews' data. */
    static void fill(ExecutionHistoryRegistry registry) {
        Instant t0 = Instant.now().minus(Duration.ofDays(1));
        List<ExecutionRecord> batch = new ArrayList<>(RUNS);
        for (int job = 0; job < JOBS; job++) {
            String jobId = "job-" + job;
            batch.clear();
            for (int run = 0; run < RUNS; run++) {
                Instant start = t0.plusSeconds(60L * run + job);
                ExecutionStatus status = run % 10 == 9 ? ExecutionStatus.FAILED
                        : run % 7 == 3 ? ExecutionStatus.PARTIAL_SUCCESS : ExecutionStatus.SUCCESS;
                batch.add(ExecutionRecord.builder(jobId + "-" + run, jobId, "Job " + job, start)
                        .finished(status, start.plusMillis(200 + (run * 37L + job) % 5_000))
                        .succeededItems(List.of("AAPL", "MSFT"))
                        .failedItems(status == ExecutionStatus.SUCCESS ? List.of() : List.of("GOOGL"))
                        .errors(status == ExecutionStatus.SUCCESS ? List.of()
                                : List.of("Failed to fetch GOOGL: Connection timeout after 30s"))
                        .totalItems(3)
                        .build());
            }
            registry.saveAll(batch);
        }
    }

    /** Reads every page of the overview from {@code first} on; returns the bytes of JSON read. */
    private static long get(HttpClient http, URI first) throws Exception {
        long bytes = 0;
        URI uri = first;
        while (uri != null) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("overview answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            bytes += response.body().length;
            String cursor = response.headers().firstValue("X-Next-Cursor").orElse(null);
            uri = cursor == null ? null : URI.create(first + "&cursor=" + cursor);
        }
        return bytes;
    }

    /** The sums of {@code INFO commandstats}. */
    private record CommandStats(long calls, long micros, List<String> lines) {
        static CommandStats read(String info) {
            long calls = 0;
            long micros = 0;
            List<String> lines = new ArrayList<>();
            for (String line : info.split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) {
                    continue;
                }
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                long c = field(line, "calls=");
                long u = field(line, "usec=");
                if (name.equals("config") || name.equals("info")) {
                    continue;
                }
                calls += c;
                micros += u;
                lines.add(name + " " + c + " calls " + u + " us");
            }
            return new CommandStats(calls, micros, lines);
        }

        String top(int per) {
            return String.join(", ", lines) + " over " + per + " overviews";
        }

        private static long field(String line, String name) {
            int from = line.indexOf(name) + name.length();
            int to = line.indexOf(',', from);
            return Long.parseLong(line.substring(from, to < 0 ? line.length() : to));
        }
    }
}
