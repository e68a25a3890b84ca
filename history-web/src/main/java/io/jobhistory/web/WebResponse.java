package io.jobhistory.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One answer of {@link HistoryWeb#handle}: a status code, headers and a body, ready for any HTTP server to send. A
 * large body (history, overview) is made while it is sent, part by part, so no answer is ever held whole in memory:
 * a blocking server calls {@link #writeBody}, a non-blocking one sends each part of {@link #bodyWriter()} as the
 * client takes it.
 */
public final class WebResponse {

    /** About how many bytes one {@link BodyWriter#writeNext} writes (more only when one item is larger). */
    public static final int PART_SIZE = 32 * 1024;

    /** Writes a body in parts, each made only when the previous one has been taken. Not thread-safe. */
    public interface BodyWriter {
        /**
         * Writes the next part of the body to {@code out}, about {@link #PART_SIZE} bytes.
         *
         * @return whether more remains
         * @throws IOException if {@code out} fails; the history's own failures are unchecked
         */
        boolean writeNext(OutputStream out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers;
    private final byte[] fixedBody;
    private final BodyWriter streamedBody;
    private final AtomicBoolean bodyTaken = new AtomicBoolean();

    WebResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    WebResponse(int status, Map<String, String> headers, BodyWriter body) {
        this(status, headers, null, body);
    }

    private WebResponse(int status, Map<String, String> headers, byte[] fixedBody, BodyWriter streamedBody) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.fixedBody = fixedBody;
        this.streamedBody = streamedBody;
    }

    /** The same answer without a body, as a {@code HEAD} request gets it. */
    WebResponse withoutBody() {
        return new WebResponse(status, headers, (BodyWriter) out -> false);
    }

    /** The HTTP status code, such as 200 or 404. */
    public int status() {
        return status;
    }

    /** The headers to send, {@code Content-Type} and the security headers included. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body's length when known before it is made (send it as {@code Content-Length}); empty for a streamed body. */
    public OptionalLong contentLength() {
        return fixedBody == null ? OptionalLong.empty() : OptionalLong.of(fixedBody.length);
    }

    /**
     * The body, to send part by part. A body is made once: call this, {@link #writeBody} or {@link #body} only once.
     *
     * @throws IllegalStateException if the body was already taken
     */
    public BodyWriter bodyWriter() {
        if (!bodyTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("the body of this response was already taken; it is made once");
        }
        if (streamedBody != null) {
            return streamedBody;
        }
        return new BodyWriter() {
            private boolean written;

            @Override
            public boolean writeNext(OutputStream out) throws IOException {
                if (!written) {
                    written = true;
                    out.write(fixedBody);
                }
                return false;
            }
        };
    }

    /** Writes the whole body to {@code out}, for blocking servers. */
    public void writeBody(OutputStream out) throws IOException {
        BodyWriter writer = bodyWriter();
        while (writer.writeNext(out)) {
            out.flush();
        }
    }

    /** The whole body in memory: for tests and small answers; servers use {@link #writeBody} or {@link #bodyWriter}. */
    public byte[] body() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeBody(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }
}
