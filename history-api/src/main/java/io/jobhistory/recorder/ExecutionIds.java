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
     * {@link SecureRandom} and counts up from there (each thread in blocks of its own, scrambled so that consecutive ids
     * do not look alike), so generating an id costs a counter increment instead of a call to the (synchronized) secure
     * random source. Ids from one generator never repeat; ids of two generators
     * collide with the probability of two random UUIDs.
     */
    public static Supplier<String> uuids() {
        return new Uuids();
    }

    /** The generator of {@link #uuids()}; the recorder knows its ids are valid without checking each. */
    static final class Uuids implements Supplier<String> {
        private final long msb;
        private final AtomicLong counter;
        /** Each thread takes a block of counter values at a time, so threads do not contend on the counter. */
        private final ThreadLocal<long[]> blocks = ThreadLocal.withInitial(() -> new long[2]);

        private Uuids() {
            SecureRandom random = new SecureRandom();
            msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
            counter = new AtomicLong(random.nextLong());
        }

        @Override
        public String get() {
            long[] block = blocks.get();
            if (block[0] == block[1]) {
                block[0] = counter.getAndAdd(BLOCK);
                block[1] = block[0] + BLOCK;
            }
            long lsb = scramble(block[0]++) | 0x8000_0000_0000_0000L; // IETF variant
            return new UUID(msb, lsb).toString();
        }
    }

    /**
     * A bijection of the low 62 bits (multiplication by an odd number and xor-shifts, modulo 2^62), so consecutive ids
     * do not look alike while staying distinct.
     */
    static long scramble(long counter) {
        long x = counter & LOW_62;
        x = (x * 0x9E37_79B9_7F4A_7C15L) & LOW_62;
        x ^= x >>> 29;
        x = (x * 0xBF58_476D_1CE4_E5B9L) & LOW_62;
        x ^= x >>> 32;
        return x;
    }

    private static final long LOW_62 = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long BLOCK = 1024;
}
