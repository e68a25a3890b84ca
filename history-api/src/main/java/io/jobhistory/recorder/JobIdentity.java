package io.jobhistory.recorder;

import io.jobhistory.internal.Ids;

import java.util.Objects;

/**
 * Which job a run belongs to: its id, the key its history is kept under, and a name for people. Most jobs need only
 * an id ({@code JobIdentity.of("daily-aapl")}, the name is then the id); {@code JobIdentity.of("daily-aapl",
 * "Daily AAPL")} gives both, named so that they cannot be swapped by accident.
 *
 * @param id   the job id: any non-blank string of valid Unicode
 * @param name the name shown to people, not blank
 */
public record JobIdentity(String id, String name) {

    /**
     * Validates.
     *
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if either is blank, or the id holds an unpaired surrogate
     */
    public JobIdentity {
        Ids.requireValid(id, "jobId");
        Objects.requireNonNull(name, "name of job '" + id + "' must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name of job '" + id + "' must not be blank, but was '" + name + "'");
        }
    }

    /** A job whose name is its id. */
    public static JobIdentity of(String id) {
        return new JobIdentity(id, id);
    }

    /** A job with an id and a separate name for people. */
    public static JobIdentity of(String id, String name) {
        return new JobIdentity(id, name);
    }
}
