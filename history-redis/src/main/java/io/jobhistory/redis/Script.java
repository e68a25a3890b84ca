package io.jobhistory.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by EVALSHA, falling back to EVAL when the server's script cache lost it (restart, failover). */
final class Script {

    private final String name;
    private final String source;
    private final String sha;

    Script(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    Object eval(UnifiedJedis jedis, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(sha, keys, args);
        } catch (JedisDataException e) {
            if (isNoScript(e)) {
                return jedis.eval(source, keys, args);
            }
            throw e;
        }
    }

    /** Queues an EVALSHA; pass its response to {@link #result} after the pipeline ran. */
    Response<Object> queue(AbstractPipeline pipeline, List<String> keys, List<String> args) {
        return pipeline.evalsha(sha, keys, args);
    }

    static boolean isNoScript(JedisDataException e) {
        return e instanceof JedisNoScriptException || String.valueOf(e.getMessage()).startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
