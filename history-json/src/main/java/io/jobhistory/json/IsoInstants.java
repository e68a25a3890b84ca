package io.jobhistory.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/** ISO-8601 instants as records carry them: {@code 2025-10-29T10:05:30.500Z}; a time without offset is UTC. */
final class IsoInstants {

    private IsoInstants() {
    }

    static String format(Instant instant) {
        return instant.toString();
    }

    /** @throws java.time.format.DateTimeParseException if {@code text} is not an ISO-8601 date-time */
    static Instant parse(String text) {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime offset
                ? offset.toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }
}
