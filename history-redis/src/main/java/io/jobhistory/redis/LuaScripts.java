package io.jobhistory.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts, kept as {@code .lua} resources next to this class ({@code lua/<name>.lua}, each opening with its
 * KEYS and ARGV); {@code lua/lib.lua} holds the helpers and is spliced in front of each. They use only commands Redis
 * 6.2 has. Scripts used on a cluster touch only the keys they declare; the standalone ones also build record keys
 * from index members, which a single server allows.
 */
final class LuaScripts {

    private static final String LIB = read("lib");

    /** Standalone save, one round trip. */
    static final Script SAVE = load("save");
    /** Cluster save, step 1: the index entry. */
    static final Script INDEX_ADD = load("index_add");
    /** Cluster save, step 2: the record. */
    static final Script WRITE_RECORD = load("write_record");
    /** The job-id entry. */
    static final Script JOB_SEEN = load("job_seen");
    /** Deletes a record unless it holds another job's run. */
    static final Script DELETE_IF_JOB = load("delete_if_job");
    /** The live job ids. */
    static final Script JOB_IDS = load("job_ids");
    /** Standalone delete of a job's history. */
    static final Script DELETE_HISTORY = load("delete_history");
    /** Cluster history read: index entries with their scores. */
    static final Script INDEX_RANGE = load("index_range");
    /** Standalone history read. */
    static final Script HISTORY = load("history");

    private LuaScripts() {
    }

    private static Script load(String name) {
        return new Script(name, LIB + "\n" + read(name));
    }

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
