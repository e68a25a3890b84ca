package io.jobhistory.web;

import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of {@code GET {base}/jobs/{job_id}/history}, turned into a {@link HistoryQuery}.
 * Every bad value is refused with a 400 whose message says what is allowed.
 */
final class HistoryParameters {

    /** The most runs one page may ask for. */
    static final int MAX_LIMIT = 1_000;

    private static final Set<String> NAMES = Set.of("limit", "status", "from", "to", "cursor", "node");

    private HistoryParameters() {
    }

    /**
     * Parses the decoded parameters but {@code node} ({@link NodeHistory#parse}); unknown names are refused, so a typo
     * never silently widens the result.
     */
    static HistoryQuery parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + name
                        + "'; allowed: limit, status, from, to, cursor, node");
            }
        }
        HistoryQuery.Builder query = HistoryQuery.builder().limit(limit(parameters.get("limit")));
        String status = parameters.get("status");
        try {
            if (status != null) {
                query.status(ExecutionStatus.fromWireName(status));
            }
            query.from(instant(parameters.get("from"), "from"));
            query.to(instant(parameters.get("to"), "to"));
            String cursor = parameters.get("cursor");
            if (cursor != null) {
                query.cursor(cursor);
            }
            return query.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return HistoryQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", but was '"
                    + value + "'");
        }
        return limit;
    }

    /** {@code value} as an instant (null if null), or a 400 naming parameter {@code name}. */
    static Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2025-10-29T10:00:00Z, but was '"
                        + value + "'");
            }
        }
    }
}
