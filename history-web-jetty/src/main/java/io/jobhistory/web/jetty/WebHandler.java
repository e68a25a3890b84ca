package io.jobhistory.web.jetty;

import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.WebRequest;
import io.jobhistory.web.WebResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Hands each request to {@link HistoryWeb#handle} and sends the answer part by part, each part made only when the
 * client has taken the previous one: a client that does not read holds one part in memory and no thread.
 */
final class WebHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(WebHandler.class);

    private final HistoryWeb web;

    WebHandler(HistoryWeb web) {
        this.web = web;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        WebRequest.Builder builder = WebRequest.builder(request.getMethod(), request.getHttpURI().getPath())
                .rawQuery(request.getHttpURI().getQuery())
                .remoteAddress(inet(request.getConnectionMetaData().getRemoteSocketAddress()))
                .localAddress(inet(request.getConnectionMetaData().getLocalSocketAddress()));
        for (HttpField field : request.getHeaders()) {
            builder.header(field.getName(), field.getValue());
        }
        WebRequest webRequest = builder.build();
        // The API reads no body, but one sent is read before the answer: a connection closed with a body unread
        // would be closed under a client that already sent its next request on it. A body past the limit fails
        // here, and Jetty answers it through the error handler (413).
        Content.Source.consumeAll(request, Callback.from(
                () -> send(webRequest, web.handle(webRequest), response, callback), callback::failed));
        return true;
    }

    private void send(WebRequest request, WebResponse answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        answer.contentLength().ifPresent(length -> response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length));
        new BodySender(request, answer.bodyWriter(), response, callback).iterate();
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    /**
     * Makes and writes one part at a time; the next part is made when the write of the previous one completes. If
     * making a part fails before anything was sent, the answer becomes the web layer's JSON 500 (with a reference to
     * the log line, never the failure's text); after that, the connection is aborted, so the client sees a cut answer.
     */
    private final class BodySender extends IteratingCallback {
        private final WebRequest request;
        private final WebResponse.BodyWriter body;
        private final Response response;
        private final Callback callback;
        private final Part part = new Part();
        private boolean last;

        BodySender(WebRequest request, WebResponse.BodyWriter body, Response response, Callback callback) {
            this.request = request;
            this.body = body;
            this.response = response;
            this.callback = callback;
        }

        @Override
        protected Action process() throws Exception {
            if (last) {
                return Action.SUCCEEDED;
            }
            part.reset();
            try {
                last = !body.writeNext(part);
            } catch (RuntimeException e) {
                if (!response.isCommitted()) {
                    response.reset();
                    WebResponse failure = web.failure(request, e);
                    response.setStatus(failure.status());
                    failure.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                    byte[] body = failure.body();
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                    last = true;
                    response.write(true, ByteBuffer.wrap(body), this);
                    return Action.SCHEDULED;
                }
                log.error("Request {} failed while its answer was sent; the connection is aborted", request, e);
                throw new IllegalStateException("the answer to " + request + " failed after it was begun");
            }
            response.write(last, part.buffer(), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            callback.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            callback.failed(cause);
        }
    }

    /** One part's bytes, written into a buffer that is reused for the next part once this one is sent. */
    private static final class Part extends ByteArrayOutputStream {
        Part() {
            super(WebResponse.PART_SIZE + 8 * 1024);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
