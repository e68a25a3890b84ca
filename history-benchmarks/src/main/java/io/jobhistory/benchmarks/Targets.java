package io.jobhistory.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Turns JMH results into the targets: ratios against baselines measured in the same run. */
final class Targets {

    private Targets() {
    }

    static String summarize(Collection<RunResult> results) {
        Map<String, Result<?>> byName = new HashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1), r.getPrimaryResult());
        }
        StringBuilder out = new StringBuilder();
        out.append("| target | measured | goal | met |\n|---|---|---|---|\n");
        difference(out, byName, "RecorderBenchmark.recordedRunnable", "RecorderBenchmark.bareRunnable",
                "recorder overhead per run, in-memory, 1 thread", 1_000);
        scaling(out, byName);
        difference(out, byName, "WriteBehindBenchmark.jobThreadWriteBehind", "WriteBehindBenchmark.jobThreadBare",
                "job-thread cost per run, write-behind over Redis, paced by a pause (cold)", 2_000);
        difference(out, byName, "WriteBehindBenchmark.jobThreadInMemory", "WriteBehindBenchmark.jobThreadBare",
                "(context) the same, paced alike, synchronous recorder into memory", 2_000);
        difference(out, byName, "WriteBehindBenchmark.jobThreadZWriteBehindBackToBack",
                "WriteBehindBenchmark.jobThreadZBareBackToBack",
                "job-thread cost per run, write-behind over Redis, back to back (queue full, drops)", 2_000);
        difference(out, byName, "WriteBehindBenchmark.jobThreadZWriteBehindBackToBackNoStore",
                "WriteBehindBenchmark.jobThreadZBareBackToBack",
                "job-thread cost per run, write-behind into a registry without I/O, back to back", 2_000);
        absolute(out, byName, "InMemoryRegistryBenchmark.history50", "in-memory history(50 of 100)", 2_000);
        absolute(out, byName, "InMemoryRegistryBenchmark.history50Failed", "in-memory history(50, failed)", 2_000);
        absolute(out, byName, "JsonBenchmark.encode", "JSON encode of the seed record", 2_000);
        absolute(out, byName, "JsonBenchmark.decode", "JSON decode of the seed record", 2_000);
        ratio(out, byName, "RedisBenchmark.saveOurs", "RedisBenchmark.saveRaw", "Redis save / raw pipeline", 1.25);
        ratio(out, byName, "RedisBenchmark.history50Ours", "RedisBenchmark.history50Raw",
                "Redis history(50) / raw ZREVRANGE+MGET", 1.25);
        ratio(out, byName, "RedisBenchmark.history50FailedOurs", "RedisBenchmark.history50FailedRaw",
                "Redis history(50, failed) / raw baseline", 1.25);
        ratio(out, byName, "RedisBenchmark.recordedRunOurs", "RedisBenchmark.recordedRunRaw",
                "recorder over Redis / raw two writes", 1.25);
        return out.toString();
    }

    private static void difference(StringBuilder out, Map<String, Result<?>> r, String ours, String base,
                                   String what, double maxNanos) {
        if (r.containsKey(ours) && r.containsKey(base)) {
            double nanos = r.get(ours).getScore() - r.get(base).getScore();
            row(out, what, String.format("%.0f ns (%.0f ± %.0f vs %.0f ns)", nanos, r.get(ours).getScore(),
                    r.get(ours).getScoreError(), r.get(base).getScore()), "≤ " + (long) maxNanos + " ns", nanos <= maxNanos);
        }
    }

    private static void scaling(StringBuilder out, Map<String, Result<?>> r) {
        Result<?> one = r.get("RecorderBenchmark.recordedRunnable");
        Result<?> two = r.get("RecorderBenchmark.recordedRunnableTwoThreads");
        if (one != null && two != null) {
            double speedup = 2 * one.getScore() / two.getScore();
            row(out, "recorder throughput, 2 threads / 1 thread", String.format("%.2f×", speedup), "≥ 1.5×",
                    speedup >= 1.5);
        }
        Result<?> controlOne = r.get("RecorderBenchmark.controlBuildRecords");
        Result<?> controlTwo = r.get("RecorderBenchmark.controlBuildRecordsTwoThreads");
        if (controlOne != null && controlTwo != null) {
            double speedup = 2 * controlOne.getScore() / controlTwo.getScore();
            out.append("| control: building the same two records, nothing shared, 2 threads / 1 thread | ")
                    .append(String.format("%.2f×", speedup)).append(" | (machine ceiling) | |\n");
        }
    }

    private static void absolute(StringBuilder out, Map<String, Result<?>> r, String name, String what,
                                 double maxNanos) {
        if (r.containsKey(name)) {
            double nanos = r.get(name).getScore();
            row(out, what, String.format("%.0f ± %.0f ns", nanos, r.get(name).getScoreError()),
                    "≤ " + (long) maxNanos + " ns", nanos <= maxNanos);
        }
    }

    private static void ratio(StringBuilder out, Map<String, Result<?>> r, String ours, String base, String what,
                              double max) {
        if (r.containsKey(ours) && r.containsKey(base)) {
            double ratio = r.get(ours).getScore() / r.get(base).getScore();
            row(out, what, String.format("%.2f× (%.1f vs %.1f µs)", ratio, r.get(ours).getScore() / 1000,
                    r.get(base).getScore() / 1000), "≤ " + max + "×", ratio <= max);
        }
    }

    private static void row(StringBuilder out, String what, String measured, String goal, boolean met) {
        out.append("| ").append(what).append(" | ").append(measured).append(" | ").append(goal).append(" | ")
                .append(met ? "yes" : "**no**").append(" |\n");
    }
}
