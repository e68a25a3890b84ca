package io.jobhistory.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The README and the pages under docs/, read as the doc tests need them: fenced blocks, headings, links. */
final class Markdown {

    /** The repository's root, seen from the examples module the tests run in. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([\\w+-]*)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");

    final Path file;
    final List<String> lines;

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every docs/*.md. */
    static List<Markdown> all() {
        List<Markdown> pages = new ArrayList<>();
        pages.add(read(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().map(Markdown::read).forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The path relative to the repository's root, as messages name it. */
    String name() {
        return ROOT.relativize(file).toString().replace('\\', '/');
    }

    /** A fenced code block: its language, the 1-based line of its opening fence, and its lines. */
    record Block(String language, int line, List<String> lines) {
        String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        String fence = null;
        String language = null;
        int start = 0;
        List<String> body = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = FENCE.matcher(line);
            if (fence == null) {
                if (m.find()) {
                    fence = m.group(1);
                    language = m.group(2);
                    start = i + 1;
                    body = new ArrayList<>();
                }
            } else if (m.find() && m.group(1).startsWith(fence) && m.group(2).isEmpty()) {
                blocks.add(new Block(language, start, List.copyOf(body)));
                fence = null;
            } else {
                body.add(line);
            }
        }
        return blocks;
    }

    /** Lines outside fenced blocks, by 1-based line number; code lines are blank. */
    private List<String> prose() {
        List<String> prose = new ArrayList<>(lines);
        for (Block block : blocks()) {
            for (int i = block.line() - 1; i <= block.line() + block.lines().size() && i < prose.size(); i++) {
                prose.set(i, "");
            }
        }
        return prose;
    }

    /** A link target and the 1-based line it is on. */
    record Link(String target, int line) {
    }

    /** Every link target outside code: inline links, images and reference definitions. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        List<String> prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            String line = INLINE_CODE.matcher(prose.get(i)).replaceAll("");
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                links.add(new Link(m.group(1), i + 1));
            }
            Matcher r = REFERENCE.matcher(line);
            if (r.matches()) {
                links.add(new Link(r.group(1), i + 1));
            }
        }
        return links;
    }

    /** The anchors GitHub gives this page's headings. */
    List<String> anchors() {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose()) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's rule: the heading's text (markup removed) in lower case, every character that is not a letter, a
     * digit, a space, a hyphen or an underscore dropped, and spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading
                .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1") // links: their text
                .replaceAll("<[^>]+>", "")                      // inline HTML tags
                .replace("`", "")
                .replace("*", "");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
