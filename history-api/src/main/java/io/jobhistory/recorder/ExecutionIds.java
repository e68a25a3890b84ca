package io.jobhistory.recorder;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Execution id generators. */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    /**
     * The default: ids in UUID form, unique across processes. Each generator draws 122 random bits once from
     * {@link SecureRandom} and counts up from there, so generating an id costs a counter increment instead of a
     * call to the (synchronized) secure random source. Ids from one generator never repeat; ids of two generators
     * collide with the probability of two random UUIDs.
     */
    public static Supplier<String> uuids() {
        SecureRandom random = new SecureRandom();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        AtomicLong counter = new AtomicLong(random.nextLong());
        return () -> {
            long lsb = (counter.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
            return new UUID(msb, lsb).toString();
        };
    }
}
