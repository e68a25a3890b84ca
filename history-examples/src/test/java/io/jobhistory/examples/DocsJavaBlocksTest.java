package io.jobhistory.examples;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ```java block in README.md and docs/*.md compiles, as it stands, against the examples' test classpath (every
 * module). A block whose first line is {@code // fragment} is skipped. A block that declares a class compiles as a
 * file; a block of methods compiles as the members of a class; any other block as the body of a method. All but whole
 * files get the imports below and the stub names of {@code docstubs.DocStubs}; a block's own leading imports are
 * kept.
 */
class DocsJavaBlocksTest {

    static final String IMPORTS = """
            import io.jobhistory.*;
            import io.jobhistory.recorder.*;
            import io.jobhistory.spi.*;
            import io.jobhistory.json.*;
            import io.jobhistory.inmemory.*;
            import io.jobhistory.redis.*;
            import io.jobhistory.web.*;
            import io.jobhistory.web.jetty.*;
            import io.jobhistory.web.servlet.*;
            import io.jobhistory.quartz.*;
            import io.jobhistory.dbscheduler.*;
            import io.jobhistory.jdbc.*;
            import io.jobhistory.spring.boot.*;
            import io.jobhistory.testkit.*;
            import io.jobhistory.examples.docstubs.*;
            import redis.clients.jedis.*;
            import org.springframework.context.annotation.*;
            import org.springframework.scheduling.annotation.*;
            import java.io.*;
            import java.net.*;
            import java.time.*;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.function.*;
            """;

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*$");
    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:(?:public|abstract|final|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile(
            "^[\\w<>\\[\\], .?]+\\s+\\w+\\s*\\(.*\\)\\s*(?:throws\\s+[\\w., ]+)?\\s*\\{\\s*$");

    /** One block, turned into a compilation unit. */
    record Unit(Markdown page, Markdown.Block block, String className, String source, int firstLine) {
        /** The line in the page of a line of {@link #source}. */
        long pageLine(long sourceLine) {
            return block.line() + (sourceLine - firstLine) + 1;
        }
    }

    @Test
    void everyJavaBlockCompiles() throws IOException {
        List<Unit> units = new ArrayList<>();
        int skipped = 0;
        for (Markdown page : Markdown.all()) {
            for (Markdown.Block block : page.blocks()) {
                if (!block.language().equals("java")) {
                    continue;
                }
                if (!block.lines().isEmpty() && block.lines().get(0).trim().startsWith("// fragment")) {
                    skipped++;
                    continue;
                }
                units.add(unit(page, block, units.size()));
            }
        }
        assertThat(units.size()).as("Java blocks to compile").isGreaterThan(10);
        assertThat(units.stream().anyMatch(u -> u.page().name().equals("README.md")))
                .as("the README's quick start is compiled").isTrue();

        Map<Unit, List<String>> errors = compile(units);
        StringBuilder report = new StringBuilder();
        errors.forEach((unit, messages) -> {
            report.append(unit.page().name()).append(':').append(unit.block().line())
                    .append(": this ```java block does not compile (mark it `// fragment` on its first line if it is not meant to):\n");
            messages.forEach(m -> report.append("    ").append(m).append('\n'));
        });
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " of " + units.size() + " Java blocks do not compile ("
                    + skipped + " fragments skipped):\n" + report);
        }
    }

    /** Wraps {@code block} as its kind needs, in a package of its own so that names never clash. */
    static Unit unit(Markdown page, Markdown.Block block, int index) {
        String pkg = "docblock.b" + index;
        StringBuilder imports = new StringBuilder();
        List<String> body = new ArrayList<>();
        boolean leading = true;
        for (String line : block.lines()) {
            if (leading && IMPORT.matcher(line.trim()).matches()) {
                imports.append(line.trim()).append('\n');
                body.add(""); // keeps the block's line numbers
            } else {
                leading &= line.isBlank();
                body.add(line);
            }
        }
        String code = String.join("\n", body) + "\n";
        Matcher type = TYPE.matcher(code);
        String header = "package " + pkg + ";\n" + IMPORTS + imports;
        String open;
        String close;
        String className;
        if (type.find()) {
            className = type.group(1);
            open = "";
            close = "";
        } else if (isMembers(body)) {
            className = "Block";
            open = "abstract class Block extends DocStubs {\n";
            close = "}\n";
        } else {
            className = "Block";
            open = "abstract class Block extends DocStubs {\n    void block() throws Exception {\n";
            close = "    }\n}\n";
        }
        String prefix = header + open;
        int firstLine = (int) prefix.lines().count() + 1;
        return new Unit(page, block, pkg + "." + className, prefix + code + close, firstLine);
    }

    /** Whether the block's first line of code begins a method (or an annotated member). */
    private static boolean isMembers(List<String> body) {
        for (String line : body) {
            String code = line.trim();
            if (code.isEmpty() || code.startsWith("//")) {
                continue;
            }
            return code.startsWith("@") || METHOD.matcher(code).matches();
        }
        return false;
    }

    /** The compiler's errors, by unit, each naming its line in the page. */
    static Map<Unit, List<String>> compile(List<Unit> units) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("doc-blocks");
        Map<JavaFileObject, Unit> files = new LinkedHashMap<>();
        for (Unit unit : units) {
            URI uri = URI.create("string:///" + unit.className().replace('.', '/') + ".java");
            files.put(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return unit.source();
                }
            }, unit);
        }
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            compiler.getTask(null, fileManager, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                            "-proc:none", "-Xlint:none", "-nowarn"),
                    null, files.keySet()).call();
        }
        Map<Unit, List<String>> errors = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Unit unit = files.get(d.getSource());
            if (unit == null) {
                throw new AssertionError("the doc test itself does not compile: " + d);
            }
            String line = d.getLineNumber() < unit.firstLine() ? "(in the test's wrapper)"
                    : unit.page().name() + ":" + unit.pageLine(d.getLineNumber());
            String source = unit.source().lines().skip(Math.max(0, d.getLineNumber() - 1)).findFirst().orElse("");
            errors.computeIfAbsent(unit, u -> new ArrayList<>())
                    .add(line + ": " + d.getMessage(Locale.ROOT).replace("\n", "\n      ") + "\n      | " + source.strip());
        }
        return errors;
    }
}
