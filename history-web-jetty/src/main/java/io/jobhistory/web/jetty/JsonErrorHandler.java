package io.jobhistory.web.jetty;

import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.WebResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The answers Jetty makes itself (a request too large, a malformed request line, a body over the limit) in the API's
 * form: JSON with the security headers, like every other answer.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final HistoryWeb web;

    JsonErrorHandler(HistoryWeb web) {
        this.web = web;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        // Jetty's message for a 4xx names what was wrong with the request; for a 5xx it may be an exception's text
        boolean clientError = code < 500 && message != null && !message.isBlank();
        WebResponse answer = web.error(code, clientError ? message
                : "The request could not be served (HTTP " + code + ")");
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        byte[] body = answer.body();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
