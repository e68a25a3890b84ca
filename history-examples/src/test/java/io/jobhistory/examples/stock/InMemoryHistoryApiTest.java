package io.jobhistory.examples.stock;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.inmemory.InMemoryExecutionHistoryRegistry;

import java.time.Clock;

/** The HTTP API over the in-memory registry. */
class InMemoryHistoryApiTest extends AbstractHistoryApiTest {

    @Override
    ExecutionHistoryRegistry emptyRegistry(Clock clock) {
        return InMemoryExecutionHistoryRegistry.builder().clock(clock).build();
    }
}
