package io.jobhistory.internal;

import java.time.Instant;

/**
 * The range of times a record can hold: what fits in epoch milliseconds (a {@code long}), which is how every store
 * keeps and orders times. About 292 million years either side of 1970.
 */
public final class Times {

    /** The earliest time a record can hold. */
    public static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    /** The latest time a record can hold. */
    public static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Times() {
    }

    /** Whether {@code instant} lies within {@link #EARLIEST} and {@link #LATEST}. */
    public static boolean isStorable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** {@code instant} moved into the storable range: a bound of a query beyond it selects the same runs. */
    public static Instant clamp(Instant instant) {
        return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    }
}
