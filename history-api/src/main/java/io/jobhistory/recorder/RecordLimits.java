package io.jobhistory.recorder;

import java.util.List;

/**
 * Bounds on what one recorded run may hold, so a runaway job cannot bloat its history. Values beyond a bound are
 * truncated with a visible marker (such as {@code "... 523 more items not recorded"}); the run is always recorded.
 *
 * <pre>{@code
 * RecordLimits limits = RecordLimits.builder().maxItems(1_000).maxErrors(20).build();
 * }</pre>
 */
public final class RecordLimits {

    /** Default longest error message, in characters: 2,000. */
    public static final int DEFAULT_MAX_ERROR_LENGTH = 2_000;
    /** Default most error messages per run: 100. */
    public static final int DEFAULT_MAX_ERRORS = 100;
    /** Default most items per list (succeeded, failed) per run: 10,000. */
    public static final int DEFAULT_MAX_ITEMS = 10_000;
    /** Default most lines of a stack trace: 50. */
    public static final int DEFAULT_MAX_STACK_TRACE_LINES = 50;

    private static final RecordLimits DEFAULTS = builder().build();

    private final int maxErrorLength;
    private final int maxErrors;
    private final int maxItems;
    private final int maxStackTraceLines;

    private RecordLimits(Builder b) {
        this.maxErrorLength = b.maxErrorLength;
        this.maxErrors = b.maxErrors;
        this.maxItems = b.maxItems;
        this.maxStackTraceLines = b.maxStackTraceLines;
    }

    /** The defaults. */
    public static RecordLimits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Longest error message kept, in characters; longer ones are cut and marked. */
    public int maxErrorLength() {
        return maxErrorLength;
    }

    /** Most error messages kept per run, the truncation marker included. */
    public int maxErrors() {
        return maxErrors;
    }

    /** Most items kept in each of the succeeded and failed lists, the truncation marker included. */
    public int maxItems() {
        return maxItems;
    }

    /** Most stack trace lines kept, the truncation marker included. */
    public int maxStackTraceLines() {
        return maxStackTraceLines;
    }

    /** {@code message} cut to {@link #maxErrorLength()} characters, with a marker saying how much was cut. */
    String boundMessage(String message) {
        if (message.length() <= maxErrorLength) {
            return message;
        }
        int cut = maxErrorLength;
        if (Character.isHighSurrogate(message.charAt(cut - 1))) {
            cut--; // never split a surrogate pair: half of one has no UTF-8 form
        }
        return message.substring(0, cut) + "... [" + (message.length() - cut) + " more characters]";
    }

    /**
     * The first values of a list, plus a marker for {@code dropped} values that were not kept, within
     * {@code max} entries.
     */
    static List<String> bound(List<String> kept, int dropped, int max, String noun) {
        if (dropped == 0 && kept.size() <= max) {
            return kept;
        }
        int total = kept.size() + dropped;
        List<String> head = kept.subList(0, Math.min(kept.size(), max - 1));
        String[] out = head.toArray(new String[head.size() + 1]);
        out[head.size()] = "... " + (total - head.size()) + " more " + noun + " not recorded";
        return List.of(out);
    }

    @Override
    public String toString() {
        return "RecordLimits{maxErrorLength=" + maxErrorLength + ", maxErrors=" + maxErrors + ", maxItems=" + maxItems
                + ", maxStackTraceLines=" + maxStackTraceLines + '}';
    }

    /** Builds {@link RecordLimits}; each setter validates at once. */
    public static final class Builder {
        private int maxErrorLength = DEFAULT_MAX_ERROR_LENGTH;
        private int maxErrors = DEFAULT_MAX_ERRORS;
        private int maxItems = DEFAULT_MAX_ITEMS;
        private int maxStackTraceLines = DEFAULT_MAX_STACK_TRACE_LINES;

        private Builder() {
        }

        /**
         * Longest error message, in characters. Default {@value RecordLimits#DEFAULT_MAX_ERROR_LENGTH}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxErrorLength(int maxErrorLength) {
            this.maxErrorLength = atLeastOne(maxErrorLength, "maxErrorLength");
            return this;
        }

        /**
         * Most error messages per run. Default {@value RecordLimits#DEFAULT_MAX_ERRORS}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxErrors(int maxErrors) {
            this.maxErrors = atLeastOne(maxErrors, "maxErrors");
            return this;
        }

        /**
         * Most items per list per run. Default {@value RecordLimits#DEFAULT_MAX_ITEMS}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxItems(int maxItems) {
            this.maxItems = atLeastOne(maxItems, "maxItems");
            return this;
        }

        /**
         * Most stack trace lines. Default {@value RecordLimits#DEFAULT_MAX_STACK_TRACE_LINES}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxStackTraceLines(int maxStackTraceLines) {
            this.maxStackTraceLines = atLeastOne(maxStackTraceLines, "maxStackTraceLines");
            return this;
        }

        /** Builds the limits. */
        public RecordLimits build() {
            return new RecordLimits(this);
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
            }
            return value;
        }
    }
}
