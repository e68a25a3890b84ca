package io.jobhistory.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * Runs the benchmarks and writes the results under {@code benchmark-results/}: JMH's JSON, and a Markdown summary of
 * each target as a ratio or a figure. Arguments are JMH's own (a benchmark regex, {@code -f}, {@code -wi}, ...).
 * The Redis benchmarks use embedded Redis, or the server in {@code REDIS_URL}. With the single argument
 * {@code redis-server-time} it runs {@link RedisServerTime} instead (latency and server time, Redis 7 and 6.2).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("redis-server-time")) {
            String table = RedisServerTime.measure();
            System.out.println(table);
            return;
        }
        CommandLineOptions cli = new CommandLineOptions(args);
        Path dir = Path.of("benchmark-results");
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = dir.resolve("jmh-" + stamp + ".json");
        Options options = new OptionsBuilder()
                .parent(cli)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();

        StringBuilder summary = new StringBuilder(Targets.summarize(results));
        if (cli.getIncludes().isEmpty() || cli.getIncludes().stream().anyMatch(s -> s.contains("Memory"))) {
            summary.append('\n').append(RedisMemoryFootprint.measure());
        }
        if (cli.getIncludes().isEmpty() || cli.getIncludes().stream().anyMatch(s -> s.contains("WriteBehind"))) {
            summary.append('\n').append(WriteBehindMeasurements.measure());
        }
        Path md = dir.resolve("summary-" + stamp + ".md");
        Files.writeString(md, summary);
        System.out.println();
        System.out.println(summary);
        System.out.println("Written: " + json + " and " + md);
    }
}
