package io.jobhistory.spring.boot;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar carries Boot's configuration metadata, so IDEs complete jobhistory.* with descriptions and defaults. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyHasADescriptionAndTheCommonOnesTheirDefaults() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata on the classpath").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[?(@.name =~ /jobhistory\\..*/)]");
        assertThat(properties).extracting(p -> p.get("name")).contains("jobhistory.redis.url",
                "jobhistory.redis.key-prefix", "jobhistory.time-to-live", "jobhistory.scheduled.enabled",
                "jobhistory.web.enabled", "jobhistory.web.base-path", "jobhistory.node", "jobhistory.not-run.handling",
                "jobhistory.shedlock.enabled");
        assertThat(properties).allSatisfy(p -> assertThat((String) p.get("description")).as("%s", p.get("name"))
                .isNotBlank());
        assertThat(defaultOf(json, "jobhistory.time-to-live")).isEqualTo("30d");
        assertThat(defaultOf(json, "jobhistory.redis.key-prefix")).isEqualTo("scheduler");
        assertThat(defaultOf(json, "jobhistory.web.base-path")).isEqualTo("/jobhistory");
        assertThat(defaultOf(json, "jobhistory.max-runs-per-job")).isEqualTo(100);
        assertThat(defaultOf(json, "jobhistory.not-run.handling")).isEqualTo("forget");
        assertThat(defaultOf(json, "jobhistory.shedlock.enabled")).isEqualTo(true);
    }

    private static Object defaultOf(String json, String name) {
        List<Object> values = JsonPath.read(json, "$.properties[?(@.name == '" + name + "')].defaultValue");
        assertThat(values).as(name).hasSize(1);
        return values.get(0);
    }
}
