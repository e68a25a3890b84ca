package io.jobhistory;

/**
 * A store failed a call, and says whether trying the same call again later can succeed.
 *
 * <p>Backends throw it, or a subclass of it, for every failure of their store, so that callers that retry (the
 * recorder's write-behind) know what to do:
 * <ul>
 *   <li><b>transient</b>: the store could not be reached or was not ready (connection refused or reset, a timeout, a
 *       cluster that is down or failing over, a server still loading its data). The same call can succeed later,
 *       unchanged; write-behind retries it, in order, until it does.</li>
 *   <li><b>permanent</b>: the store refused the call itself (permission denied, a key of the wrong type, a record
 *       the store cannot hold). Retrying the same call cannot help; write-behind counts and logs the record and goes
 *       on with the ones behind it.</li>
 * </ul>
 * A backend that cannot tell should say transient: the cost of a wrong guess is a retry, not a lost record.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * A failure of the store.
     *
     * @param message          what failed, naming the job or execution where known
     * @param cause            the store client's exception, or null
     * @param transientFailure whether the same call can succeed later (see the class description)
     */
    public StoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether the same call can succeed later, unchanged: the store was unreachable or not ready, not refusing. */
    public boolean isTransient() {
        return transientFailure;
    }
}
