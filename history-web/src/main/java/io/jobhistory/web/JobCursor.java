package io.jobhistory.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The overview's cursor: "continue after this job id", opaque and URL-safe. */
final class JobCursor {

    private static final String VERSION = "j1:";

    private JobCursor() {
    }

    static String encode(String lastJobId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + lastJobId).getBytes(StandardCharsets.UTF_8));
    }

    /** The job id the page ends with; a 400 if {@code cursor} was not made by {@link #encode}. */
    static String decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION) && text.length() > VERSION.length()) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException malformed) {
            // the message below
        }
        throw ApiException.badRequest("cursor '" + cursor + "' is not valid; pass the next_cursor of an overview page");
    }
}
