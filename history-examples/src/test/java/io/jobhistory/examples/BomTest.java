package io.jobhistory.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** history-bom lists exactly the published modules: every module of the build but the unpublished ones. */
class BomTest {

    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        Path root = Path.of("..");
        List<String> published = new ArrayList<>();
        for (String module : matches(Files.readString(root.resolve("pom.xml")), "<module>([^<]+)</module>")) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            boolean unpublished = pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
            if (!unpublished && !module.equals("history-bom")) {
                published.add(module);
            }
        }
        List<String> inBom = matches(Files.readString(root.resolve("history-bom/pom.xml")),
                "<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>");

        assertThat(published).isNotEmpty();
        assertThat(inBom).containsExactlyInAnyOrderElementsOf(published);
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
