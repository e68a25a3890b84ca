package io.jobhistory.recorder;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of write-behind recording: the job's thread only puts its records in a bounded queue, and one writer
 * thread per recorder stores them in batches through {@link io.jobhistory.ExecutionHistoryRegistry#saveAll}, retrying
 * while the store is unavailable. Turn it on with {@link JobExecutionRecorder.Builder#writeBehind(WriteBehind)}.
 *
 * <pre>{@code
 * JobExecutionRecorder recorder = JobExecutionRecorder.builder(redisRegistry)
 *         .writeBehind(WriteBehind.builder().capacity(10_000).closeTimeout(Duration.ofSeconds(10)).build())
 *         .build();
 * }</pre>
 */
public final class WriteBehind {

    /** Default most records waiting to be written: 10,000. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default most records per {@code saveAll} call: 100. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 100;
    /** Default time the writer waits after the first record of a burst before it writes: 10 ms. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(10);
    /** Default first wait before retrying a batch the store failed transiently: 100 ms. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default longest wait between retries (the wait doubles up to it): 2 s. */
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(2);
    /** Default longest time {@link JobExecutionRecorder#close()} waits for the queue to be stored: 10 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final WriteBehind DEFAULTS = builder().build();

    private final int capacity;
    private final int maxBatchSize;
    private final Duration linger;
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final Duration closeTimeout;

    private WriteBehind(Builder b) {
        this.capacity = b.capacity;
        this.maxBatchSize = b.maxBatchSize;
        this.linger = b.linger;
        this.retryBackoff = b.retryBackoff;
        this.maxRetryBackoff = b.maxRetryBackoff;
        this.closeTimeout = b.closeTimeout;
    }

    /** The defaults. */
    public static WriteBehind defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Most records waiting to be written; when it is reached, a new record first makes room by dropping a queued
     * running record (its run's later state supersedes it), else the oldest queued record. What the writer has
     * already taken from the queue (at most one queue's worth, written in batches of {@link #maxBatchSize()}) comes
     * on top.
     */
    public int capacity() {
        return capacity;
    }

    /** Most records per {@code saveAll} call. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * How long the writer waits after the first record of a burst before writing, so that a run shorter than this
     * is stored once, finished, instead of twice.
     */
    public Duration linger() {
        return linger;
    }

    /** The first wait before retrying a batch that failed transiently. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** The longest wait between retries. */
    public Duration maxRetryBackoff() {
        return maxRetryBackoff;
    }

    /** The longest time {@code close()} waits for what is queued to be stored. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public String toString() {
        return "WriteBehind[capacity=" + capacity + ", maxBatchSize=" + maxBatchSize + ", linger=" + linger
                + ", retryBackoff=" + retryBackoff + ", maxRetryBackoff=" + maxRetryBackoff
                + ", closeTimeout=" + closeTimeout + "]";
    }

    /** Builds {@link WriteBehind} settings; each setter validates at once. */
    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Duration linger = DEFAULT_LINGER;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration maxRetryBackoff = DEFAULT_MAX_RETRY_BACKOFF;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
        }

        /**
         * Most records waiting to be written. Default: 10,000.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Most records per {@code saveAll} call. Default: {@value WriteBehind#DEFAULT_MAX_BATCH_SIZE}.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, but was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * How long the writer waits after the first record of a burst; zero writes at once. Default: 10 ms.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder linger(Duration linger) {
            this.linger = notNegative(linger, "linger");
            return this;
        }

        /**
         * The first and the longest wait between retries of a batch the store failed transiently; the wait doubles
         * from {@code first} up to {@code max}. Default: 100 ms and 2 s.
         *
         * @throws IllegalArgumentException if {@code first} is not positive or {@code max} is less than {@code first}
         */
        public Builder retryBackoff(Duration first, Duration max) {
            Objects.requireNonNull(first, "retryBackoff first must not be null");
            Objects.requireNonNull(max, "retryBackoff max must not be null");
            if (first.isNegative() || first.isZero()) {
                throw new IllegalArgumentException("retryBackoff first must be positive, but was " + first);
            }
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("retryBackoff max " + max + " must not be less than first " + first);
            }
            this.retryBackoff = first;
            this.maxRetryBackoff = max;
            return this;
        }

        /**
         * The longest time {@code close()} waits for what is queued to be stored. Default: 10 s.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = notNegative(closeTimeout, "closeTimeout");
            return this;
        }

        /** The settings. */
        public WriteBehind build() {
            return new WriteBehind(this);
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, but was " + value);
            }
            return value;
        }
    }
}
