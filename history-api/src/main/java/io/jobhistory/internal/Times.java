package io.jobhistory.internal;

import java.time.Instant;

/**
 * The range of times a record can hold: epoch milliseconds within ±(2^53 − 1), which every store keeps and orders
 * exactly (Redis scores are doubles) and between which any duration fits in a {@code long} of milliseconds. About
 * 285,000 years either side of 1970.
 */
public final class Times {

    /** The earliest time a record can hold. */
    public static final Instant EARLIEST = Instant.ofEpochMilli(-(1L << 53) + 1);
    /** The latest time a record can hold. */
    public static final Instant LATEST = Instant.ofEpochMilli((1L << 53) - 1);

    private Times() {
    }

    /** Whether {@code instant} lies within {@link #EARLIEST} and {@link #LATEST}. */
    public static boolean isStorable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /**
     * {@code instant} moved into the storable range: a bound of a query beyond it selects the same runs (a {@code to}
     * bound is exclusive, so one at {@link #LATEST} leaves out a run starting at exactly {@link #LATEST}, the one
     * millisecond a clamped bound cannot tell apart).
     */
    public static Instant clamp(Instant instant) {
        return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    }
}
