package io.jobhistory.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One answer of {@link HistoryWeb#respond}: a status code, headers and a body, ready for any HTTP server to send.
 */
public final class WebResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    WebResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = Objects.requireNonNull(body);
    }

    /** The HTTP status code, such as 200 or 404. */
    public int status() {
        return status;
    }

    /** The headers to send, {@code Content-Type} and the security headers included. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    byte[] bodyNoCopy() {
        return body;
    }
}
