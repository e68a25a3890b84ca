package io.jobhistory.web.servlet;

import io.jobhistory.web.HistoryWeb;
import io.jobhistory.web.WebRequest;
import io.jobhistory.web.WebResponse;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link HistoryWeb} as a servlet, for any Servlet 6 container (Tomcat, Jetty, Undertow; the Spring Boot starter
 * mounts it this way). Map it to the web layer's base path and everything below it, such as {@code /jobhistory/*}:
 * it reads the path after the context path, so the base path must be the servlet's path. The container's own
 * timeouts, connection limits and security apply; {@code jakarta.servlet-api} is the application's.
 *
 * <pre>{@code
 * ServletRegistration.Dynamic history = servletContext.addServlet("jobhistory",
 *         new HistoryWebServlet(HistoryWeb.builder(registry).anyHost().build()));
 * history.addMapping("/jobhistory/*");
 * }</pre>
 */
public class HistoryWebServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<HistoryWeb> web;

    /** A servlet serving {@code web}. */
    public HistoryWebServlet(HistoryWeb web) {
        Objects.requireNonNull(web, "web must not be null");
        this.web = () -> web;
    }

    /**
     * A servlet serving the web layer {@code web} supplies, for a host that builds it late (once every job is known):
     * asked on the first request, and kept.
     */
    public HistoryWebServlet(Supplier<HistoryWeb> web) {
        Objects.requireNonNull(web, "web must not be null");
        this.web = new Supplier<>() {
            private volatile HistoryWeb built;

            @Override
            public HistoryWeb get() {
                HistoryWeb current = built;
                if (current == null) {
                    synchronized (this) {
                        current = built;
                        if (current == null) {
                            current = Objects.requireNonNull(web.get(), "the HistoryWeb supplier returned null");
                            built = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    /** Answers every method: the web layer refuses all but {@code GET} and {@code HEAD} itself, in JSON. */
    @Override
    public void service(ServletRequest req, ServletResponse res) throws IOException {
        serve(web.get(), (HttpServletRequest) req, (HttpServletResponse) res);
    }

    /** Answers {@code request} with {@code web}, for hosts that hold their own servlet or handler. */
    public static void serve(HistoryWeb web, HttpServletRequest servletRequest, HttpServletResponse response)
            throws IOException {
        String path = servletRequest.getRequestURI().substring(servletRequest.getContextPath().length());
        WebRequest.Builder builder = WebRequest.builder(servletRequest.getMethod(), path)
                .rawQuery(servletRequest.getQueryString())
                .remoteAddress(address(servletRequest.getRemoteAddr(), servletRequest.getRemotePort()))
                .localAddress(address(servletRequest.getLocalAddr(), servletRequest.getLocalPort()));
        Enumeration<String> names = servletRequest.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            String value = servletRequest.getHeader(name);
            if (value != null) {
                builder.header(name, value);
            }
        }
        WebRequest request = builder.build();
        WebResponse answer = web.handle(request);
        send(answer, response);
        try {
            answer.writeBody(response.getOutputStream());
        } catch (RuntimeException e) {
            // the store failed while the body was made: answer the JSON 500 if nothing was sent yet
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            WebResponse failure = web.failure(request, e);
            send(failure, response);
            failure.writeBody(response.getOutputStream());
        }
    }

    private static void send(WebResponse answer, HttpServletResponse response) {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        answer.contentLength().ifPresent(response::setContentLengthLong);
    }

    /** The address of an IP literal as containers give it (parsed, never looked up); null for anything else. */
    private static InetSocketAddress address(String ip, int port) {
        if (ip == null || !(ip.contains(":") || ip.matches("[0-9.]+"))) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
