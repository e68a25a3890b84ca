package io.jobhistory.jdbc;

import io.jobhistory.StoreException;

/** A stored row that does not read back as what this library writes: a read fails rather than return less. */
final class BadData {

    private BadData() {
    }

    static StoreException of(String table, String id, Exception cause) {
        return new StoreException("row of '" + id + "' in table " + table + " is not what history-jdbc writes: "
                + cause.getMessage(), cause, false);
    }
}
