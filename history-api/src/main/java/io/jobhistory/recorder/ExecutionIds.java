package io.jobhistory.recorder;

import java.nio.charset.StandardCharsets;
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
     * {@link SecureRandom} and counts up from there (scrambled so that consecutive ids do not look alike), so
     * generating an id costs a counter increment instead of a call to the (synchronized) secure random source. Ids
     * from one generator never repeat; ids of two generators collide with the probability of two random UUIDs.
     */
    public static Supplier<String> uuids() {
        return new Uuids();
    }

    /** The generator of {@link #uuids()}; the recorder knows its ids are valid without checking each. */
    static final class Uuids implements Supplier<String> {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
        /** The id's first 19 characters, fixed per generator: its high 64 bits and the dash after them. */
        private final byte[] prefix;
        private final AtomicLong counter;

        private Uuids() {
            SecureRandom random = new SecureRandom();
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
            prefix = new UUID(msb, 0).toString().substring(0, 19).getBytes(StandardCharsets.ISO_8859_1);
            counter = new AtomicLong(random.nextLong());
        }

        @Override
        public String get() {
            long lsb = scramble(counter.getAndIncrement()) | 0x8000_0000_0000_0000L; // IETF variant
            // as UUID.toString, the varying half only: a few bytecodes per digit while the code is still interpreted
            byte[] id = new byte[36];
            System.arraycopy(prefix, 0, id, 0, 19);
            for (int i = 35; i >= 24; i--, lsb >>>= 4) {
                id[i] = HEX[(int) lsb & 0xF];
            }
            id[23] = '-';
            for (int i = 22; i >= 19; i--, lsb >>>= 4) {
                id[i] = HEX[(int) lsb & 0xF];
            }
            return new String(id, StandardCharsets.ISO_8859_1);
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
}
