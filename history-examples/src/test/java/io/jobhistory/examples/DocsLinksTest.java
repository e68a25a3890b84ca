package io.jobhistory.examples;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every relative link and anchor in README.md and docs/*.md points somewhere. */
class DocsLinksTest {

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Markdown page : Markdown.all()) {
            for (Markdown.Link link : page.links()) {
                String problem = check(page, link.target());
                checked++;
                if (problem != null) {
                    broken.add(page.name() + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(50);
        assertThat(broken).as("links that point nowhere").isEmpty();
    }

    @Test
    void anchorsFollowGitHubsSlugRules() {
        assertThat(Markdown.slug("The recorder never changes your job's outcome"))
                .isEqualTo("the-recorder-never-changes-your-jobs-outcome");
        assertThat(Markdown.slug("Runs that did not happen: `skipped`")).isEqualTo("runs-that-did-not-happen-skipped");
        assertThat(Markdown.slug("Retention: three paths side by side")).isEqualTo("retention-three-paths-side-by-side");
        assertThat(Markdown.slug("Results (2026-11-29)")).isEqualTo("results-2026-11-29");
        assertThat(Markdown.slug("Job ids holding a `/`")).isEqualTo("job-ids-holding-a-");
    }

    /** Why {@code target}, linked from {@code page}, points nowhere; null when it resolves. */
    static String check(Markdown page, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: and the like are not checked
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page.file : page.file.getParent().resolve(path).normalize();
        if (!file.startsWith(Markdown.ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(file)) {
            return "no such file: " + Markdown.ROOT.relativize(file);
        }
        if (anchor == null) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        List<String> anchors = Markdown.read(file).anchors();
        return anchors.contains(anchor) ? null : "no heading with anchor #" + anchor + " in "
                + Markdown.ROOT.relativize(file) + " (its anchors: " + anchors + ")";
    }
}
