package io.jobhistory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Every Lua script opens with a comment naming each KEYS[i] and ARGV[i] it uses")
class LuaScriptHeaderTest {

    private static final Pattern SLOT = Pattern.compile("(KEYS|ARGV)\\[\\d+]");

    @ParameterizedTest(name = "{0}.lua")
    @ValueSource(strings = {"save", "index_add", "failure_add", "claim", "job_take", "job_read", "write_record", "job_seen", "delete_if_job", "job_ids",
            "delete_history", "index_range", "history", "delete_run", "index_remove"})
    void headerNamesEverySlot(String name) throws IOException {
        String source;
        try (InputStream in = LuaScripts.class.getResourceAsStream("lua/" + name + ".lua")) {
            assertThat(in).as(name).isNotNull();
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = source.lines().toList();
        assertThat(lines.get(0)).as("the first line of %s.lua", name).startsWith("-- ");
        StringBuilder header = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean inHeader = true;
        for (String line : lines) {
            inHeader &= line.startsWith("--");
            (inHeader ? header : body).append(line).append('\n');
        }
        assertThat(slots(header)).as("KEYS and ARGV named in the header of %s.lua", name).containsAll(slots(body));
    }

    private static Set<String> slots(CharSequence text) {
        Set<String> found = new TreeSet<>();
        Matcher m = SLOT.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
