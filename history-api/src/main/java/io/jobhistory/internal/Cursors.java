package io.jobhistory.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The string form of a history cursor ("continue after this run"): one codec for the query that takes a cursor and
 * the backends that seek by it ({@code io.jobhistory.spi.HistoryCursor}).
 */
public final class Cursors {

    private static final String VERSION = "v1:";

    private Cursors() {
    }

    /** A decoded cursor: the start time in epoch milliseconds and the execution id of the last run returned. */
    public record Position(long startMillis, String executionId) {
    }

    /** The opaque, URL-safe string form of a position. */
    public static String encode(long startMillis, String executionId) {
        String text = VERSION + startMillis + ':' + executionId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor string.
     *
     * @throws IllegalArgumentException if {@code cursor} is not a string this library produced
     */
    public static Position decode(String cursor) {
        Objects.requireNonNull(cursor, "cursor must not be null");
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION)) {
                int colon = text.indexOf(':', VERSION.length());
                if (colon > VERSION.length() && colon < text.length() - 1) {
                    long millis = Long.parseLong(text.substring(VERSION.length(), colon));
                    return new Position(millis, text.substring(colon + 1));
                }
            }
        } catch (IllegalArgumentException malformed) {
            // falls through to the message below; NumberFormatException is an IllegalArgumentException too
        }
        throw new IllegalArgumentException("cursor '" + cursor
                + "' is not valid; pass back a next-page cursor exactly as this library returned it");
    }
}
