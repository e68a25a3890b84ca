package io.jobhistory.spring.boot.shedlock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link LockedTicksApplication} in a JVM of its own, on the test's classpath, its output in a file. {@link #close()}
 * stops it as an orchestrator would (SIGTERM, so the application closes and its recorder writes what it queued),
 * killing it if it does not exit in time; it also exits by itself when the test's JVM does.
 */
final class Instance implements AutoCloseable {

    private final String node;
    private final Path log;
    private final Process process;

    private Instance(String node, Path log, Process process) {
        this.node = node;
        this.log = log;
        this.process = process;
    }

    static Instance start(String node, Path log, List<String> properties) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dparent.pid=" + ProcessHandle.current().pid(),
                "-cp", System.getProperty("java.class.path"),
                LockedTicksApplication.class.getName(),
                "--jobhistory.node=" + node,
                "--logging.level.root=WARN"));
        properties.forEach(p -> command.add("--" + p));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Instance(node, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String node() {
        return node;
    }

    /** Whether it printed READY; fails, with its output, if it has exited. */
    boolean isReady() {
        String out = output();
        if (!process.isAlive()) {
            throw new AssertionError(node + " exited with " + process.exitValue() + ":\n" + out);
        }
        return out.lines().anyMatch("READY"::equals);
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return node + " (" + log + ")";
    }
}
