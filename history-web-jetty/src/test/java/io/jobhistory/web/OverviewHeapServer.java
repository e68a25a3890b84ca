package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.web.jetty.HistoryWebServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone server over 1,000 jobs x 100 runs in memory, in a JVM of its own for {@link OverviewHeapTest}: prints
 * {@code PORT n}, then answers {@code heap} on standard input with {@code HEAP bytes} (used after a full GC) and
 * exits on {@code quit}.
 */
public final class OverviewHeapServer {

    static final int JOBS = 1_000;
    static final int RUNS = 100;

    private OverviewHeapServer() {
    }

    public static void main(String[] args) throws Exception {
        ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.create();
        Instant start = Instant.now().minusSeconds(60L * RUNS);
        for (int job = 0; job < JOBS; job++) {
            List<ExecutionRecord> runs = new ArrayList<>(RUNS);
            for (int run = 0; run < RUNS; run++) {
                Instant at = start.plusSeconds(60L * run);
                boolean failed = run % 10 == 0;
                runs.add(ExecutionRecord.builder(job + "-" + run + "-" + Long.toHexString(at.toEpochMilli()),
                                "stock-job-" + job, "Stock job " + job, at)
                        .finished(failed ? ExecutionStatus.PARTIAL_SUCCESS : ExecutionStatus.SUCCESS, at.plusSeconds(2))
                        .succeededItems(List.of("AAPL", "MSFT"))
                        .failedItems(failed ? List.of("GOOGL") : List.of())
                        .errors(failed ? List.of("Failed to fetch GOOGL: Connection timeout after 30s") : List.of())
                        .build());
            }
            registry.saveAll(runs);
        }
        try (HistoryWebServer server = HistoryWebServer.start(HistoryWeb.builder(registry).build(),
                new InetSocketAddress("127.0.0.1", 0))) {
            System.out.println("PORT " + server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("heap")) {
                    System.gc();
                    System.gc();
                    System.out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            }
        }
    }
}
