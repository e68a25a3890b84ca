package io.jobhistory.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts, kept as {@code .lua} resources next to this class ({@code lua/<name>.lua}, each opening with a
 * comment naming its KEYS and ARGV). Helpers live in {@code lua/include/<name>.lua}; a line {@code -- @include name}
 * splices one in (with the helpers it includes, each once), so a script carries only the helpers it uses: Redis 6.2 has
 * no function libraries to share them, and every call runs the whole script body. The scripts use only commands
 * Redis 6.2 has and only compare what they read as strings (nothing read from Redis is evaluated). Scripts used on a
 * cluster touch only the keys they declare; the standalone ones also build record keys from index members, which a
 * single server allows.
 */
final class LuaScripts {

    /** Standalone save of a running record, or of one that renews its job: write, index and renew at once. */
    static final Script SAVE = load("save");
    /** Cluster save, step 1: the index entry; returns the members retention trims. */
    static final Script INDEX_ADD = load("index_add");
    /** A failed run kept in its job's failures; returns the evicted runs whose records go. */
    static final Script FAILURE_ADD = load("failure_add");
    /** Readies slots of a job's statistics ring for their periods (sent by EVAL inside MULTI on a single server). */
    static final Script CLAIM = load("claim");
    /** Cluster retention, last step: the runs leave the index, all or none. */
    static final Script JOB_TAKE = load("job_take");
    /** A job's record, statistics and maxima as kept, with the members of its index. */
    static final Script JOB_READ = load("job_read");
    /** Cluster save, step 2: the record (sent with {@link #DELETE_IF_JOB} for each trimmed member). */
    static final Script WRITE_RECORD = load("write_record");
    /** The job-id entry. */
    static final Script JOB_SEEN = load("job_seen");
    /** Deletes a record unless it holds another job's run. */
    static final Script DELETE_IF_JOB = load("delete_if_job");
    /** The live job ids. */
    static final Script JOB_IDS = load("job_ids");
    /** Standalone delete of a job's history. */
    static final Script DELETE_HISTORY = load("delete_history");
    /** Standalone delete of one run. */
    static final Script DELETE_RUN = load("delete_run");
    /** Cluster delete of one run, after its record: the index entry; returns how many entries are left. */
    static final Script INDEX_REMOVE = load("index_remove");
    /** Cluster history read: index entries with their scores. */
    static final Script INDEX_RANGE = load("index_range");
    /** Standalone history read. */
    static final Script HISTORY = load("history");

    private LuaScripts() {
    }

    private static Script load(String name) {
        return new Script(name, splice(read(name), new java.util.HashSet<>()));
    }

    /** Replaces each {@code -- @include name} line by that helper (its own includes first), each helper once. */
    private static String splice(String source, java.util.Set<String> included) {
        StringBuilder out = new StringBuilder(source.length() * 2);
        for (String line : source.split("\n", -1)) {
            if (line.startsWith(INCLUDE)) {
                String helper = line.substring(INCLUDE.length()).trim();
                if (included.add(helper)) {
                    out.append(splice(read("include/" + helper), included));
                }
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static final String INCLUDE = "-- @include ";

    private static String read(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = LuaScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the history-redis jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + path, e);
        }
    }
}
