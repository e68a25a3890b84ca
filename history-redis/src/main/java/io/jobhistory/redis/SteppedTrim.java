package io.jobhistory.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import redis.clients.jedis.UnifiedJedis;

/**
 * Retention on a single server for finished runs saved by plain commands: a job's index may hold a
 * {@linkplain #slack slack} of runs past the cap, which every read leaves out; a save that finds the slack full asks
 * for a trim, and the trim's three {@link Stage}s ride on the next three saves' pipelines (of any job), so trimming
 * takes no round trip of its own. Compared with the other retention paths in
 * {@code docs/redis.md#retention-three-paths-side-by-side}.
 *
 * <p>Entries past the cap only move further past it as newer runs are added, so acting on them a save or two later is
 * safe; two writers trimming the same ones do nothing more. (Deleting a run would bring one back within the cap, so
 * {@code delete_run.lua} trims them first.) A record is deleted only if it holds a run of this job (a
 * planted entry, or an execution id saved again under another job, leaves the record alone), and before its entry:
 * until then the entry keeps it past the cap, hidden from reads and {@code findById}.
 */
final class SteppedTrim {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);

    /**
     * How long a trim lock lasts if its holder never releases it (it stopped saving, or died): long enough for the
     * trim's stages to ride on three later saves of any job of the instance, short enough that a job is not left
     * untrimmed for long (reads leave the runs past the cap out meanwhile).
     */
    private static final long LOCK_MILLIS = 600_000;

    /** Entries past the cap removed by one ZREM and one DEL at most. */
    private static final int CHUNK = 500;

    private final RedisKeys keys;
    private final int cap;
    private final int maxFailures;
    private final JobFold fold;
    /**
     * How many runs past the cap an index may hold before a plain save trims it: a fifth of the cap, at least 1 (each
     * trim counts its runs into the job's statistics in one transaction, so fewer, larger trims cost less per save).
     * A trim then comes once per slack of saves of a job; reads leave those runs out as if already trimmed.
     */
    private final int slack;
    /** Steps waiting for the next save's pipeline, at most one per job ({@link #trimming}). */
    private final Queue<Step> pending = new ConcurrentLinkedQueue<>();
    /** Jobs with a step waiting or being sent. */
    private final Set<String> trimming = ConcurrentHashMap.newKeySet();

    SteppedTrim(RedisKeys keys, int cap, int maxFailures, JobFold fold) {
        this.keys = keys;
        this.cap = cap;
        this.maxFailures = maxFailures;
        this.fold = fold;
        this.slack = Math.max(1, cap / 5);
    }

    /** How many saves carry a trim from start to end: one per stage. */
    static int stages() {
        return Stage.values().length;
    }

    /** Whether this instance has a trim of the job under way. */
    boolean isTrimming(String jobId) {
        return trimming.contains(jobId);
    }

    boolean isIdle() {
        return pending.isEmpty();
    }

    /**
     * Trims a job's index at once, each stage one round trip of its own, so that no run past the cap comes back within
     * it when a run is deleted ({@code deleteRun}).
     */
    void now(UnifiedJedis jedis, String jobId) {
        // Not while this instance has a trim of the job under way (its later stages ride on saves), nor while another
        // instance holds the job's lock: then the entry past the cap that comes back is a run retention has not
        // reached yet, and it leaves with that trim.
        if (!trimming.add(jobId)) {
            return;
        }
        try {
            for (Step step = read(jobId); step != null; ) {
                step = step.next(Batch.runOnServer(jedis, step.ops));
            }
        } finally {
            trimming.remove(jobId);
        }
    }

    /**
     * The first step: SET NX of the job's trim lock (one trim of a job at a time, across instances, so that a run's
     * removal is counted by the one that removed it), then ZRANGE of the entries past the cap.
     */
    private Step read(String jobId) {
        return new Step(jobId, Stage.READ, List.of(), List.of(
                Batch.command("SET", keys.jobKey("job_trim", jobId), "1", "NX", "PX", Long.toString(LOCK_MILLIS)),
                Batch.zrange(keys.indexKey(jobId), 0, -cap - 1)), List.of(), true);
    }

    /** A step that only releases the job's trim lock (none if this trim did not take it). */
    private Step release(String jobId, boolean locked) {
        return locked ? new Step(jobId, Stage.UNDO, List.of(), List.of(Batch.del(keys.jobKey("job_trim", jobId))))
                : null;
    }

    /** Takes the waiting steps for one save's pipeline; {@link Carried#release()} it in a {@code finally}. */
    Carried take() {
        List<Step> drained = new ArrayList<>();
        for (Step step; (step = pending.poll()) != null; ) {
            drained.add(step);
        }
        return new Carried(drained);
    }

    /** The stages of trimming a job's index, each carried by a later save's pipeline. */
    private enum Stage {
        /** ZRANGE: which entries are past the cap. */
        READ,
        /** MGET: whose run each of their records holds, and ZMSCORE: which are kept as failures. */
        VERIFY,
        /**
         * DEL of the records that hold this job's run (unless kept as failures), then one transaction: ZREM of the
         * entries with what they add to the job's counts ({@link JobFold}), then DEL of the lock.
         */
        REMOVE,
        /** The counts of runs another trim removed first, taken back (rare: two instances trimming one job). */
        UNDO
    }

    /** The steps one save's pipeline carries. */
    final class Carried {
        private final List<Step> steps;
        private final int[] at;
        private final Set<String> jobs = new HashSet<>();
        /** Jobs whose trim goes on with a new step queued by this save (their flag stays set). */
        private final Set<String> continued = new HashSet<>();

        private Carried(List<Step> steps) {
            this.steps = steps;
            this.at = new int[steps.size()];
            steps.forEach(step -> jobs.add(step.jobId));
        }

        /** Appends the steps' commands to a save's pipeline. */
        void queue(List<Batch.Op> ops) {
            for (int i = 0; i < steps.size(); i++) {
                at[i] = ops.size();
                ops.addAll(steps.get(i).ops);
            }
        }

        /** Reads the steps' replies from the pipeline's and queues each one's next step. */
        void advance(List<Object> replies) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                Step next = step.next(replies.subList(at[i], at[i] + step.ops.size()));
                if (next != null) {
                    pending.add(next);
                    continued.add(step.jobId);
                }
            }
        }

        /** Notes a job's index size after this save; a full slack asks for a trim, unless one is under way. */
        void sized(String jobId, long size) {
            if (size < (long) cap + slack || continued.contains(jobId)) {
                return;
            }
            Step read = read(jobId);
            boolean carriedHere = jobs.contains(jobId); // its flag is ours: it goes on with a new step
            if (carriedHere || trimming.add(jobId)) {
                pending.add(read);
                if (carriedHere) {
                    continued.add(jobId);
                }
            }
        }

        /** Clears the flags of the trims that ended here, done or not sent: a later save that finds them full asks again. */
        void release() {
            for (Step step : steps) {
                if (!continued.contains(step.jobId)) {
                    trimming.remove(step.jobId);
                }
            }
        }
    }

    /** One step of trimming a job's index, waiting for a save's pipeline to carry it. */
    private final class Step {
        private final String jobId;
        private final Stage stage;
        private final List<String> members;
        private final List<Batch.Op> ops;
        /** The folds whose calls end {@link #ops} (REMOVE). */
        private final List<JobFold.Fold> folds;

        /** Whether this trim holds the job's trim lock (it releases it at the end). */
        private final boolean locked;

        Step(String jobId, Stage stage, List<String> members, List<Batch.Op> ops) {
            this(jobId, stage, members, ops, List.of(), false);
        }

        Step(String jobId, Stage stage, List<String> members, List<Batch.Op> ops, List<JobFold.Fold> folds,
             boolean locked) {
            this.jobId = jobId;
            this.stage = stage;
            this.members = members;
            this.ops = ops;
            this.folds = folds;
            this.locked = locked;
        }

        /** The step that follows this one, given the replies to its commands; null when trimming is done. */
        Step next(List<Object> replies) {
            switch (stage) {
                case READ: {
                    if (replies.get(0) == null || replies.get(0) == Batch.WRONG_TYPE) {
                        return null; // another instance is trimming this job
                    }
                    if (!(replies.get(1) instanceof List<?> past) || past.isEmpty()) {
                        return release(jobId, locked);
                    }
                    List<String> found = new ArrayList<>(past.size());
                    past.forEach(m -> found.add((String) m));
                    List<Batch.Op> reads = new ArrayList<>();
                    for (List<String> chunk : chunks(found)) {
                        reads.add(Batch.mget(chunk.stream().map(keys::recordKey).toArray(String[]::new)));
                        reads.add(maxFailures > 0
                                ? Batch.zmscore(keys.failuresKey(jobId), chunk.toArray(new String[0]))
                                : Batch.command("PING"));
                    }
                    return new Step(jobId, Stage.VERIFY, found, reads, List.of(), locked);
                }
                case VERIFY: {
                    String fragment = JobFragment.of(jobId);
                    List<String> doomed = new ArrayList<>(members.size());
                    List<String> leaving = new ArrayList<>(members.size());
                    List<Object> read = new ArrayList<>(members.size());
                    int at = 0;
                    for (int r = 0; r + 1 < replies.size(); r += 2) {
                        if (!(replies.get(r) instanceof List<?> values)) {
                            return release(jobId, locked); // not read: a later save that finds it full asks again
                        }
                        List<?> kept = replies.get(r + 1) instanceof List<?> scores ? scores : null;
                        for (int i = 0; i < values.size(); i++, at++) {
                            Object value = values.get(i);
                            String member = members.get(at);
                            if (fold.stillRunning(jobId, member, value)) {
                                continue; // left past the cap until it finishes
                            }
                            leaving.add(member);
                            read.add(value);
                            if (value instanceof String json && belongs(json, fragment)
                                    && (kept == null || kept.get(i) == null)) {
                                doomed.add(keys.recordKey(member));
                            }
                        }
                    }
                    List<Batch.Op> removal = new ArrayList<>();
                    for (List<String> chunk : chunks(doomed)) {
                        removal.add(Batch.del(chunk.toArray(new String[0])));
                    }
                    List<JobFold.Fold> folds = new ArrayList<>();
                    for (int from = 0; from < leaving.size(); from += CHUNK) {
                        int to = Math.min(leaving.size(), from + CHUNK);
                        JobFold.Fold f = fold.of(jobId, leaving.subList(from, to), read.subList(from, to));
                        folds.add(f);
                        removal.add(transaction(f));
                    }
                    if (removal.isEmpty()) {
                        return release(jobId, locked);
                    }
                    removal.add(locked ? Batch.del(keys.jobKey("job_trim", jobId)) : Batch.command("PING"));
                    return new Step(jobId, Stage.REMOVE, leaving, removal, folds, locked);
                }
                case REMOVE: {
                    // A ZREM that removed fewer runs than it named met another trim (its lock expired): this fold's
                    // counts are taken back by the next save's pipeline, so no run counts twice (those it did remove
                    // go uncounted: rare, and logged).
                    List<Batch.Op> undo = new ArrayList<>();
                    List<Object> done = replies.subList(replies.size() - 1 - folds.size(), replies.size() - 1);
                    for (int i = 0; i < folds.size(); i++) {
                        JobFold.Fold f = folds.get(i);
                        if (done.get(i) instanceof List<?> results && results.size() > f.scoresAt
                                && results.get(f.scoresAt) instanceof Long removed && removed < f.members().size()) {
                            if (removed > 0) {
                                log.debug("Redis execution history: job '{}': {} runs trimmed by two instances at "
                                        + "once go uncounted", jobId, removed);
                            }
                            for (String[] c : f.increments(-1)) {
                                undo.add(Batch.command(c));
                            }
                        }
                    }
                    return undo.isEmpty() ? null : new Step(jobId, Stage.UNDO, members, undo);
                }
                default:
                    return null;
            }
        }
    }

    /** MULTI, [claim], ZREM of the fold's runs, their increments, EXEC. */
    private Batch.Op transaction(JobFold.Fold f) {
        List<String[]> commands = new ArrayList<>();
        String[] claim = f.claim();
        if (claim != null) {
            commands.add(claim);
        }
        f.scoresAt = commands.size();
        List<String> zrem = new ArrayList<>(f.members().size() + 2);
        zrem.add("ZREM");
        zrem.add(keys.indexKey(f.jobId()));
        zrem.addAll(f.members());
        commands.add(zrem.toArray(new String[0]));
        commands.addAll(f.increments(1));
        return Batch.transaction(commands);
    }

    /** Whether a stored value is a record of the job whose {@link JobFragment} is given (as belongs.lua decides). */
    private static boolean belongs(String json, String fragment) {
        int at = json.indexOf(",\"job_id\":");
        return at >= 0 && json.startsWith(fragment, at);
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }
}
