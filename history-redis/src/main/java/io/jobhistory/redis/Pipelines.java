package io.jobhistory.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens a pipeline on any Jedis from 6.0.0 to 8.x. {@code UnifiedJedis.pipelined()} returns {@code PipelineBase} in
 * Jedis 6 and {@code AbstractPipeline} from Jedis 7 on, so a direct call compiled against one fails to link against the
 * other; both return an {@link AbstractPipeline}, which is all this library uses.
 */
final class Pipelines {

    private static final Method PIPELINED;

    static {
        try {
            PIPELINED = UnifiedJedis.class.getMethod("pipelined");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("this Jedis has no UnifiedJedis.pipelined(): " + e);
        }
    }

    private Pipelines() {
    }

    static AbstractPipeline open(UnifiedJedis jedis) {
        try {
            return (AbstractPipeline) PIPELINED.invoke(jedis);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
