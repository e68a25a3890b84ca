package io.jobhistory.redis;

/** A key under the prefix holds another Redis type than this library writes there. */
final class WrongTypeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WrongTypeException(String key) {
        super("Redis key '" + key + "' holds a value of the wrong type; it is skipped");
    }
}
