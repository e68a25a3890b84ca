package io.jobhistory.spring.boot;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Jedis client for the Redis that the application configures through {@code spring.data.redis.*} (standalone or
 * cluster; URL, host, port, username, password, database, client name, timeouts, SSL and SSL bundle), whichever client
 * Spring itself uses for them. Owned by this bean and closed with it, after the registry built on it.
 */
final class SpringDataRedisClient implements DisposableBean {

    private static final String P = SpringDataRedisCondition.PREFIX;

    private UnifiedJedis client;
    private String description = "not opened";

    @SuppressWarnings("deprecation")  // JedisCluster and a pooled UnifiedJedis: what Jedis 6, 7 and 8 all have
    synchronized UnifiedJedis open(Environment environment, ObjectProvider<SslBundles> sslBundles) {
        Binder binder = Binder.get(environment);
        if (binder.bind(P + "sentinel.master", String.class).isBound()) {
            throw new IllegalStateException("spring.data.redis.sentinel.* is not supported by jobhistory; set "
                    + "jobhistory.redis.url to the current master, or provide a UnifiedJedis bean");
        }
        String url = binder.bind(P + "url", String.class).orElse(null);
        String host = binder.bind(P + "host", String.class).orElse("localhost");
        int port = binder.bind(P + "port", Integer.class).orElse(6379);
        String username = binder.bind(P + "username", String.class).orElse(null);
        String password = binder.bind(P + "password", String.class).orElse(null);
        int database = binder.bind(P + "database", Integer.class).orElse(0);
        boolean ssl = binder.bind(P + "ssl.enabled", Boolean.class).orElse(false);
        String bundle = binder.bind(P + "ssl.bundle", String.class).orElse(null);
        Duration timeout = binder.bind(P + "timeout", Duration.class).orElse(Duration.ofSeconds(2));
        Duration connectTimeout = binder.bind(P + "connect-timeout", Duration.class).orElse(Duration.ofSeconds(2));
        String clientName = binder.bind(P + "client-name", String.class).orElse(null);
        List<String> nodes = binder.bind(P + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("spring.data.redis.url is not a URI: " + e.getMessage(), e);
            }
            if (uri.getHost() == null) {
                throw new IllegalStateException("spring.data.redis.url has no host, but was '"
                        + JobHistoryProperties.Redis.redact(url) + "'");
            }
            host = uri.getHost();
            port = uri.getPort() < 0 ? 6379 : uri.getPort();
            ssl = ssl || "rediss".equalsIgnoreCase(uri.getScheme());
            if (uri.getRawUserInfo() != null) {
                String[] userInfo = uri.getUserInfo().split(":", 2);
                if (userInfo.length == 2) {
                    username = userInfo[0].isEmpty() ? null : userInfo[0];
                    password = userInfo[1];
                } else {
                    password = userInfo[0];
                }
            }
            if (uri.getPath() != null && uri.getPath().length() > 1) {
                try {
                    database = Integer.parseInt(uri.getPath().substring(1));
                } catch (NumberFormatException notANumber) {
                    throw new IllegalStateException("spring.data.redis.url's database must be a number, but was '"
                            + uri.getPath().substring(1) + "'");
                }
            }
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .user(username).password(password).database(database).clientName(clientName)
                .socketTimeoutMillis(Math.toIntExact(timeout.toMillis()))
                .connectionTimeoutMillis(Math.toIntExact(connectTimeout.toMillis()))
                .ssl(ssl || bundle != null);
        if (bundle != null) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new IllegalStateException("spring.data.redis.ssl.bundle is '" + bundle
                        + "' but the application has no SslBundles bean");
            }
            config.sslSocketFactory(bundles.getBundle(bundle).createSslContext().getSocketFactory());
        }
        if (!nodes.isEmpty()) {
            Set<HostAndPort> cluster = new LinkedHashSet<>();
            for (String node : nodes) {
                cluster.add(HostAndPort.from(node.strip()));
            }
            client = new JedisCluster(cluster, config.build());
            description = "cluster " + nodes;
        } else {
            client = new UnifiedJedis(new PooledConnectionProvider(new HostAndPort(host, port), config.build()), 1,
                    Duration.ZERO);
            description = host + ":" + port + "/" + database + (ssl ? " over TLS" : "");
        }
        return client;
    }

    String describe() {
        return description;
    }

    @Override
    public synchronized void destroy() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
