package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;
import io.jobhistory.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Known history for the web tests, seen at {@link #NOW}:
 * <ul>
 *   <li>{@code daily-aapl} "Daily AAPL": 25 runs a minute apart, the newest three failed (streak 3), the others
 *       success except a partial one; its durations grow with the run number</li>
 *   <li>{@link #HOSTILE_ID} named {@link #HOSTILE_NAME}: three runs, the newest failed with HTML in its error, stack
 *       trace and attributes (streak 1)</li>
 *   <li>{@code sync-flaky} "Flaky Sync": a running run (heartbeat ahead), a partial, an abandoned run (deadline
 *       passed) and a success (streak 0, 1 running, 1 abandoned)</li>
 *   <li>{@code nightly-report} "Nightly Report": 5 successful runs, then a skipped record standing for 3 due runs</li>
 *   <li>{@code idle-job} "Idle Job": configured, never run</li>
 * </ul>
 * Failing jobs come first in the overview, longest streak first (daily-aapl, the hostile job), then the job whose
 * latest finished run partly failed (sync-flaky), then the others by id (idle-job, nightly-report).
 */
final class TestData {

    static final Instant NOW = Instant.parse("2025-10-29T12:00:00Z");
    static final Instant T = NOW.minus(Duration.ofHours(1));
    static final String HOSTILE_ID = "hostile <b>job</b>";
    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_ERROR = "<script>alert(2)</script> password=hunter2 failed";
    static final Map<String, String> CONFIGURED = Map.of("idle-job", "Idle Job");
    /** The dashboard's order: failing jobs first, then partly failed, then the others, each by id. */
    static final List<String> OVERVIEW_ORDER = List.of("daily-aapl", HOSTILE_ID, "sync-flaky", "idle-job",
            "nightly-report");
    /** The overview API's order: by job id (code point). */
    static final List<String> API_ORDER = List.of("daily-aapl", HOSTILE_ID, "idle-job", "nightly-report",
            "sync-flaky");

    final MutableClock clock = new MutableClock(NOW);
    final ExecutionHistoryRegistry registry = InMemoryExecutionHistoryRegistry.builder().clock(clock).build();

    TestData() {
        for (int i = 1; i <= 25; i++) {
            ExecutionStatus status = i > 22 ? ExecutionStatus.FAILED
                    : i == 10 ? ExecutionStatus.PARTIAL_SUCCESS : ExecutionStatus.SUCCESS;
            ExecutionRecord.Builder run = ExecutionRecord.builder("aapl-" + i, "daily-aapl", "Daily AAPL",
                            T.plus(Duration.ofMinutes(i)))
                    .finished(status, T.plus(Duration.ofMinutes(i)).plusSeconds(i))
                    .totalItems(3);
            if (status == ExecutionStatus.FAILED) {
                run.failedItems(List.of("AAPL", "MSFT", "GOOGL"))
                        .errors(List.of("Failed to fetch AAPL: HTTP 503 (run " + i + ")",
                                "Failed to fetch MSFT: HTTP 503", "Failed to fetch GOOGL: HTTP 503"))
                        .stackTrace("java.io.IOException: HTTP 503\n\tat example.Fetcher.fetch(Fetcher.java:42)");
            } else if (status == ExecutionStatus.PARTIAL_SUCCESS) {
                run.succeededItems(List.of("AAPL", "MSFT")).failedItems(List.of("GOOGL"))
                        .errors(List.of("Failed to fetch GOOGL: Connection timeout after 30s"));
            } else {
                run.succeededItems(List.of("AAPL", "MSFT", "GOOGL"));
            }
            registry.save(run.build());
        }
        for (int i = 1; i <= 3; i++) {
            ExecutionRecord.Builder run = ExecutionRecord.builder("hostile-" + i, HOSTILE_ID, HOSTILE_NAME,
                    T.plus(Duration.ofMinutes(2L * i)));
            if (i == 3) {
                run.finished(ExecutionStatus.FAILED, T.plus(Duration.ofMinutes(2L * i)).plusSeconds(4))
                        .errors(List.of(HOSTILE_ERROR))
                        .stackTrace("java.lang.IllegalStateException: <img src=y onerror=alert(3)>\n\tat x.Y.z(Y.java:1)")
                        .attributes(Map.of("host", "<i>worker-1</i>"));
            } else {
                run.finished(ExecutionStatus.SUCCESS, T.plus(Duration.ofMinutes(2L * i)).plusSeconds(2));
            }
            registry.save(run.build());
        }
        registry.save(ExecutionRecord.builder("sync-1", "sync-flaky", "Flaky Sync", T.plus(Duration.ofMinutes(1)))
                .finished(ExecutionStatus.SUCCESS, T.plus(Duration.ofMinutes(1)).plusSeconds(30)).build());
        registry.save(ExecutionRecord.builder("sync-2", "sync-flaky", "Flaky Sync", T.plus(Duration.ofMinutes(10)))
                .heartbeatDeadline(T.plus(Duration.ofMinutes(12))).totalItems(100).build());
        registry.save(ExecutionRecord.builder("sync-3", "sync-flaky", "Flaky Sync", T.plus(Duration.ofMinutes(20)))
                .finished(ExecutionStatus.PARTIAL_SUCCESS, T.plus(Duration.ofMinutes(21)))
                .succeededItems(List.of("a", "b")).failedItems(List.of("c")).errors(List.of("c: conflict"))
                .totalItems(3).build());
        registry.save(ExecutionRecord.builder("sync-4", "sync-flaky", "Flaky Sync", NOW.minusSeconds(90))
                .heartbeatDeadline(NOW.plus(Duration.ofMinutes(2))).succeededItems(List.of("a")).totalItems(10)
                .attributes(Map.of("host", "worker-2", "region", "eu-west-1")).build());
        for (int i = 1; i <= 5; i++) {
            registry.save(ExecutionRecord.builder("report-" + i, "nightly-report", "Nightly Report",
                            T.plus(Duration.ofMinutes(5L * i)))
                    .finished(ExecutionStatus.SUCCESS, T.plus(Duration.ofMinutes(5L * i)).plusMillis(800)).build());
        }
        registry.save(ExecutionRecord.builder("report-skip", "nightly-report", "Nightly Report",
                        T.plus(Duration.ofMinutes(27)))
                .skipped(T.plus(Duration.ofMinutes(29)), 3).errors(List.of("the previous run was still running"))
                .build());
    }

    /** The web layer over this data with the library's defaults, the idle job configured. */
    HistoryWeb.Builder web() {
        return HistoryWeb.builder(registry).configuredJobs(CONFIGURED).clock(clock);
    }
}
