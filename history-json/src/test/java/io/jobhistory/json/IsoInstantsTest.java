package io.jobhistory.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    @Test
    void formatsLikeInstantToStringAndParsesBack() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong() % 253_402_300_799_000L);
            if (i % 3 == 0) {
                instant = Instant.ofEpochSecond(instant.getEpochSecond());
            }
            String text = IsoInstants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(IsoInstants.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void fallsBackForOtherShapes() {
        assertThat(IsoInstants.format(Instant.parse("2025-01-01T00:00:00.000001Z"))).isEqualTo("2025-01-01T00:00:00.000001Z");
        assertThat(IsoInstants.parse("2025-10-29T10:00:00")).isEqualTo(Instant.parse("2025-10-29T10:00:00Z"));
        assertThat(IsoInstants.parse("2025-10-29T12:00:00+02:00")).isEqualTo(Instant.parse("2025-10-29T10:00:00Z"));
        assertThat(IsoInstants.parse("2025-10-29T10:00:00.123456Z")).isEqualTo(Instant.parse("2025-10-29T10:00:00.123456Z"));
        for (String bad : List.of("2025-13-01T10:00:00Z", "2025-10-29T10:61:00Z", "yesterday")) {
            assertThatThrownBy(() -> IsoInstants.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }
}
