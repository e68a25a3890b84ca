package io.jobhistory.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The registry's three tables, named with its prefix. */
final class Tables {

    /** The placeholder the schema files use for the prefix. */
    static final String PLACEHOLDER = "${jobhistory_prefix}";

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}|");

    final String prefix;
    final String runs;
    final String jobs;
    final String statistics;

    Tables(String prefix) {
        this.prefix = checkPrefix(prefix);
        this.runs = prefix + "runs";
        this.jobs = prefix + "jobs";
        this.statistics = prefix + "statistics";
    }

    /**
     * Returns {@code prefix} if it is a valid table prefix: lower-case ASCII letters, digits and underscores, not
     * starting with a digit, at most 40 characters, or empty.
     */
    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix must not be null");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be lower-case ASCII letters, digits and _, not starting"
                    + " with a digit, at most 40 characters, but was '" + prefix + "'");
        }
        return prefix;
    }

    List<String> all() {
        return List.of(runs, jobs, statistics);
    }
}
