package io.jobhistory.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers are answered, against DNS rebinding: a page on another site that resolves its own name
 * to this server's address sends its own name as {@code Host}, and is refused.
 */
final class HostCheck {

    /** The hosts allowed when none are configured, beside the server's own address. */
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> allowed;
    private final boolean anyHost;

    private HostCheck(Set<String> allowed, boolean anyHost) {
        this.allowed = allowed;
        this.anyHost = anyHost;
    }

    static HostCheck of(Set<String> hosts) {
        return new HostCheck(Set.copyOf(hosts), false);
    }

    static HostCheck anyHost() {
        return new HostCheck(Set.of(), true);
    }

    /**
     * Whether the request's {@code Host} is allowed: any host when so configured; else a configured one, or the
     * address the request arrived at. A request without {@code Host} (HTTP/1.0) comes from no browser and passes.
     */
    boolean allows(WebRequest request) {
        if (anyHost) {
            return true;
        }
        Optional<String> header = request.header("Host");
        if (header.isEmpty()) {
            return true;
        }
        String host = hostPart(header.get().trim().toLowerCase(Locale.ROOT));
        if (allowed.contains(host)) {
            return true;
        }
        return request.localAddress().map(local -> sameAddress(host, local)).orElse(false);
    }

    /** The allowed hosts, for messages. */
    String describe() {
        return anyHost ? "any host" : String.join(", ", new TreeSet<>(allowed))
                + " and the address this server was reached at";
    }

    /** {@code host:port} without the port; an IPv6 literal keeps its brackets. */
    static String hostPart(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    /** Whether {@code host} is an IP literal (IPv4, or IPv6 in brackets) naming {@code address}; names are never resolved. */
    private static boolean sameAddress(String host, InetSocketAddress address) {
        InetAddress local = address.getAddress();
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (local == null || !(ipv6 || IPV4.matcher(host).matches())) {
            return false;
        }
        try {
            // an IP literal is parsed, not looked up
            return InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host).equals(local);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
