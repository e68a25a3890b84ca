package io.jobhistory.recorder;

import io.jobhistory.StoreException;

/** Which failures of the store the write-behind writer retries. */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * Whether a retry of the same call can succeed: a {@link StoreException} (the failure or one of its causes) says
     * so itself; {@code IllegalArgumentException}, {@code NullPointerException}, {@code ClassCastException},
     * {@code UnsupportedOperationException}, {@code ArithmeticException} and {@code Error}s are mistakes a retry repeats; any other exception is
     * taken as transient, so that a backend that does not classify its failures loses nothing in an outage.
     * {@code OutOfMemoryError} is transient too: memory may be free again by the next attempt.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException store) {
                return store.isTransient();
            }
        }
        if (failure instanceof IllegalArgumentException || failure instanceof NullPointerException
                || failure instanceof ClassCastException || failure instanceof UnsupportedOperationException
                || failure instanceof ArithmeticException) {
            return false;
        }
        return failure instanceof Exception || failure instanceof OutOfMemoryError;
    }
}
