package io.jobhistory.benchmarks;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.jetty.HistoryWebServer;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The overview of {@value #JOBS} jobs × {@value #RUNS} runs (in memory) over HTTP on the standalone server, at
 * concurrency 1, 8 and 32: p50 and p99 of the first page as a client that sends no paging parameter gets it
 * (100 jobs, 20 recent runs each) and of every job as the dashboard reads them (two pages of 500), and the heap used
 * after a full GC before and after the load. Run it with
 * {@code -Xmx256m} to see the heap bound too. Not JMH: each request takes milliseconds and concurrency is the point.
 *
 * <pre>{@code mvn -pl history-benchmarks -am -DskipTests package exec:exec -Dbench.main=io.jobhistory.benchmarks.OverviewHttpLoad}</pre>
 */
public final class OverviewHttpLoad {

    static final int JOBS = OverviewBenchmark.JOBS;
    static final int RUNS = OverviewBenchmark.RUNS;
    static final int REQUESTS_PER_CLIENT = 40;

    private OverviewHttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        OverviewBenchmark.fill(registry);
        try (HistoryWebServer server = HistoryWebServer.start(HistoryWeb.builder(registry).build(),
                new InetSocketAddress("127.0.0.1", 0))) {
            URI firstPage = URI.create(server.apiUri() + "/overview");
            URI everyJob = URI.create(server.apiUri() + "/overview?limit=500");
            ExecutorService httpThreads = Executors.newFixedThreadPool(8, task -> {
                Thread thread = new Thread(task, "overview-client");
                thread.setDaemon(true);
                return thread;
            });
            HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
            System.out.printf(Locale.ROOT, "Heap used before the load: %.1f MB%n", heapMb());
            for (int round = 0; round < 2; round++) {
                boolean warmup = round == 0;
                for (int concurrency : new int[] {1, 8, 32}) {
                    report(warmup, "first page (100 jobs)", concurrency, load(http, firstPage, concurrency));
                    report(warmup, "every job (2 pages of 500)", concurrency, load(http, everyJob, concurrency));
                }
            }
            System.out.printf(Locale.ROOT, "Heap used after the load: %.1f MB%n", heapMb());
            httpThreads.shutdownNow();
        }
    }

    private static void report(boolean warmup, String what, int concurrency, List<Double> millis) {
        if (warmup) {
            return;
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-28s concurrency %2d: p50 %7.1f ms, p99 %7.1f ms (%d requests)%n", what,
                concurrency, millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
                millis.size());
    }

    /** Each client reads {@code uri} and every page after it, {@value #REQUESTS_PER_CLIENT} times; one time each. */
    private static List<Double> load(HttpClient http, URI uri, int concurrency) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<List<Double>>> results = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                results.add(clients.submit(() -> {
                    List<Double> own = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        long start = System.nanoTime();
                        URI next = uri;
                        while (next != null) {
                            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(next)
                                    .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException("overview answered " + response.statusCode());
                            }
                            String cursor = response.headers().firstValue("X-Next-Cursor").orElse(null);
                            next = cursor == null || uri.getQuery() == null ? null
                                    : URI.create(uri + "&cursor=" + cursor);
                        }
                        own.add((System.nanoTime() - start) / 1e6);
                    }
                    return own;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            clients.shutdownNow();
        }
    }

    private static double heapMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }
}
