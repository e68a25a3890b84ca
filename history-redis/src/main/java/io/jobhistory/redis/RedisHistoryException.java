package io.jobhistory.redis;

/**
 * Redis could not be reached in time or refused a command. Thrown promptly, within the client's timeouts; the
 * recorder in {@code history-api} logs it and lets the job go on.
 */
public class RedisHistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for a failed operation.
     *
     * @param message what failed
     * @param cause   the client's exception
     */
    public RedisHistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
