package io.jobhistory.examples;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quick start compiles as it stands, against the library as built. */
class ReadmeQuickStartTest {

    @Test
    void theQuickStartCompiles() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Quick start");
        assertThat(section).as("README has a Quick start section").isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));
        String source = """
                import io.jobhistory.*;
                import io.jobhistory.inmemory.*;
                import io.jobhistory.recorder.*;
                import java.io.IOException;
                import java.util.List;
                import java.util.concurrent.*;

                class QuickStart {
                    static void fetch(String symbol) throws IOException {
                    }

                    static void quickStart(ScheduledExecutorService scheduler) {
                """ + snippet + """
                    }
                }
                """;

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        Path out = Files.createTempDirectory("quickstart");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///QuickStart.java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            boolean compiled = compiler.getTask(diagnostics, files, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString()),
                    null, List.of(file)).call();
            assertThat(compiled).as("the quick start compiles:\n%s\n%s", source, diagnostics).isTrue();
        }
    }
}
