package io.jobhistory.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

/**
 * A JSON answer made part by part while it is sent: each part runs the next steps (a run, a chunk of overview rows
 * read from the registry) until about {@link WebResponse#PART_SIZE} bytes are out, so a connection never holds more
 * than one part and the steps not yet run.
 */
final class JsonBody implements WebResponse.BodyWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final Iterator<ApiJson.Body> steps;
    private final boolean pretty;
    private final Target target = new Target();
    private JsonGenerator out;

    JsonBody(Iterator<ApiJson.Body> steps, boolean pretty) {
        this.steps = steps;
        this.pretty = pretty;
    }

    @Override
    public boolean writeNext(OutputStream sink) throws IOException {
        target.sink = sink;
        target.count = 0;
        if (out == null) {
            out = FACTORY.createGenerator(target);
            if (pretty) {
                out.useDefaultPrettyPrinter();
            }
        }
        while (steps.hasNext()) {
            steps.next().write(out);
            out.flush();
            if (target.count >= WebResponse.PART_SIZE && steps.hasNext()) {
                return true;
            }
        }
        out.close();
        return false;
    }

    /** Where the generator writes: the current part's stream, counting what it takes. */
    private static final class Target extends OutputStream {
        OutputStream sink;
        long count;

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
            count += len;
        }
    }
}
