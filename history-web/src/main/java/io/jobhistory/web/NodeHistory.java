package io.jobhistory.web;

import io.jobhistory.ExecutionHistoryRegistry;
import io.jobhistory.ExecutionRecord;
import io.jobhistory.HistoryPage;
import io.jobhistory.HistoryQuery;
import io.jobhistory.spi.HistoryCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's history with the {@code node} parameter: only the runs whose {@value ExecutionRecord#NODE_ATTRIBUTE}
 * attribute names that instance. No registry knows attributes, so the runs are filtered here, over the registry's pages
 * of the same query (status, from, to, cursor) read a chunk at a time.
 */
final class NodeHistory {

    /** The longest node name the API accepts. */
    static final int MAX_NODE_LENGTH = 255;
    /** Fewest runs asked of the registry per read, so a rare node does not cost a read per few runs. */
    private static final int MIN_READ = 20;
    /** Most runs asked of the registry per read, so a request never holds a job's whole history. */
    private static final int MAX_READ = 200;

    private NodeHistory() {
    }

    /** The node to filter by, or null if the request names none; a 400 for a value no node can have. */
    static String parse(String value) {
        if (value == null) {
            return null;
        }
        String allowed = "node must be 1 to " + MAX_NODE_LENGTH + " characters, not blank, without control characters";
        if (value.isBlank()) {
            throw ApiException.badRequest(allowed + ", but was '" + value + "'");
        }
        if (value.length() > MAX_NODE_LENGTH) {
            throw ApiException.badRequest(allowed + ", but was " + value.length() + " characters long: '"
                    + value.substring(0, value.offsetByCodePoints(0, 40)) + "...'");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ApiException.badRequest(allowed + ", but was '" + value + "' (a control character, U+"
                        + String.format("%04X", (int) value.charAt(i)) + ", at index " + i + ")");
            }
        }
        return value;
    }

    /**
     * Up to {@code query.limit()} runs of {@code node}, newest first, after {@code query}'s cursor. Reads on until it
     * has found one matching run more than the page holds, or the history ends, so a next cursor is given only when
     * another matching run exists.
     */
    static HistoryPage findPage(ExecutionHistoryRegistry registry, String jobId, HistoryQuery query, String node) {
        int limit = query.limit();
        int read = Math.max(MIN_READ, Math.min(MAX_READ, limit + 1));
        List<ExecutionRecord> found = new ArrayList<>();
        String cursor = query.cursor().orElse(null);
        while (true) {
            HistoryPage chunk = registry.findPage(jobId, HistoryQuery.builder().limit(read)
                    .status(query.status().orElse(null)).from(query.from().orElse(null)).to(query.to().orElse(null))
                    .cursor(cursor).build());
            for (ExecutionRecord run : chunk.records()) {
                if (run.node().filter(node::equals).isPresent()) {
                    if (found.size() == limit) {
                        return new HistoryPage(found, Optional.of(HistoryCursor.after(found.get(limit - 1)).encode()));
                    }
                    found.add(run);
                }
            }
            if (chunk.nextCursor().isEmpty() || chunk.records().isEmpty()) {
                return new HistoryPage(found, Optional.empty());
            }
            cursor = chunk.nextCursor().get();
        }
    }
}
