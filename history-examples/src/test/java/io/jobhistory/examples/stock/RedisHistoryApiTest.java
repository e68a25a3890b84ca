package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.redis.RedisExecutionHistoryRegistry;
import io.jobhistory.fixtures.EmbeddedRedis;

import java.time.Clock;

/** The HTTP API over the Redis registry, on an embedded Redis emptied before each test. */
class RedisHistoryApiTest extends AbstractHistoryApiTest {

    @Override
    ExecutionHistoryRegistry emptyRegistry(Clock clock) {
        EmbeddedRedis.shared().client().flushAll();
        return RedisExecutionHistoryRegistry.builder(EmbeddedRedis.shared().client()).clock(clock).build();
    }
}
