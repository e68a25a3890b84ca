package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * A single Redis server (or a proxy that keeps all keys on one server). Finished runs are saved by plain commands and
 * their index trimmed in steps ({@link #slack}), which every read accounts for; what plain commands cannot do safely
 * (a running record that must not replace a finished one, renewing TTLs, reading after a cursor) is one script.
 */
final class StandaloneStore implements HistoryStore {

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final int cap;
    private final long ttlMillis;
    private final long indexTtlMillis;
    /**
     * How many runs past the cap an index may hold before a plain save trims it: a tenth of the cap, at least 1.
     * Trimming in steps makes its round trip one save's in a tenth; reads leave those runs out as if already trimmed.
     */
    private final int slack;

    /** Trimming steps waiting for the next save's pipeline, at most one per job ({@link #trimming}). */
    private final java.util.Queue<TrimStep> pendingTrims = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Jobs with a trimming step waiting or being sent. */
    private final Set<String> trimming = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Entries past the cap removed by one ZREM and one DEL at most. */
    private static final int TRIM_CHUNK = 500;

    /** The highest score of a read that starts at the newest run (no run starts at an infinite time). */
    private static final String NEWEST = "(+inf";

    StandaloneStore(UnifiedJedis jedis, RedisKeys keys, int cap, long ttlMillis, long indexTtlMillis) {
        this.indexTtlMillis = indexTtlMillis;
        this.jedis = jedis;
        this.keys = keys;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
        this.slack = Math.max(1, cap / 10);
    }

    @Override
    public void save(String executionId, String jobId, long startMillis, String json, boolean running,
                     boolean refresh) {
        saveAll(List.of(new Save(executionId, jobId, startMillis, json, running, refresh)));
    }

    /**
     * Saves many records in one pipelined round trip. A finished record that does not renew its job is written by
     * plain commands (SET, ZADD, then ZCARD per job); a running record, or one that renews, by the save script, which
     * keeps finished records final, trims and renews in the same step. When plain saves fill an index's
     * {@linkplain #slack slack}, trimming it rides on the next three saves' pipelines (of any job), one
     * {@link Stage} each, so trimming takes no round trip of its own. A second round trip follows only when the plain saves created an index (it is renewed) or wrote
     * a record for an index of another type (it is deleted again). A script the server's cache lost (NOSCRIPT) runs once
     * more alone.
     *
     * @throws redis.clients.jedis.exceptions.JedisDataException WRONGTYPE when a job's keys hold another type
     */
    void saveAll(List<Save> saves) {
        List<TrimStep> carried = drainTrims();
        Set<String> continued = new HashSet<>();
        try {
            saveAll(saves, carried, continued);
        } finally {
            for (TrimStep step : carried) {
                if (!continued.contains(step.jobId())) {
                    trimming.remove(step.jobId()); // done, or not sent: a later save that finds it full asks again
                }
            }
        }
    }

    private void saveAll(List<Save> saves, List<TrimStep> carried, Set<String> continued) {
        List<Batch.Op> ops = new ArrayList<>(saves.size() * 2 + 4);
        Set<String> carriedJobs = new HashSet<>();
        carried.forEach(step -> carriedJobs.add(step.jobId()));
        int[] carriedAt = new int[carried.size()];
        for (int i = 0; i < carried.size(); i++) {
            carriedAt[i] = ops.size();
            ops.addAll(carried.get(i).ops());
        }
        int first = ops.size();
        Map<String, Integer> sizeAt = new LinkedHashMap<>(); // job -> where its ZCARD's reply is
        for (Save s : saves) {
            if (s.running() || s.refresh()) {
                ops.add(Batch.script(LuaScripts.SAVE,
                        List.of(keys.recordKey(s.executionId()), keys.indexKey(s.jobId()), keys.jobIdsKey()),
                        args(s.json(), ttlMillis, s.running() ? 1 : 0, s.startMillis(), s.executionId(), cap,
                                s.jobId(), keys.recordPrefix(), JobFragment.extract(s.json()), s.refresh() ? 1 : 0,
                                indexTtlMillis)));
            } else {
                ops.add(Batch.set(keys.recordKey(s.executionId()), s.json(), ttlMillis));
                ops.add(Batch.zadd(keys.indexKey(s.jobId()), s.startMillis(), s.executionId()));
                sizeAt.put(s.jobId(), -1);
            }
        }
        for (Map.Entry<String, Integer> job : sizeAt.entrySet()) {
            job.setValue(ops.size());
            ops.add(Batch.zcard(keys.indexKey(job.getKey())));
        }
        List<Object> replies = Batch.runOnServer(jedis, ops);
        for (int i = 0; i < carried.size(); i++) {
            TrimStep step = carried.get(i);
            TrimStep next = step.next(replies.subList(carriedAt[i], carriedAt[i] + step.ops().size()));
            if (next != null) {
                pendingTrims.add(next);
                continued.add(step.jobId());
            }
        }

        Map<String, Integer> added = new HashMap<>();
        List<Batch.Op> followUp = new ArrayList<>();
        Save wrong = null;
        int at = first;
        for (Save s : saves) {
            if (s.running() || s.refresh()) {
                if (replies.get(at++) == Batch.WRONG_TYPE && wrong == null) {
                    wrong = s;
                }
                continue;
            }
            Object indexed = replies.get(at + 1);
            at += 2;
            if (indexed == Batch.WRONG_TYPE) {
                // not indexed, the record would be readable by id only: take it back
                followUp.add(Batch.del(keys.recordKey(s.executionId())));
                if (wrong == null) {
                    wrong = s;
                }
            } else {
                added.merge(s.jobId(), ((Long) indexed).intValue(), Integer::sum);
            }
        }
        List<String> renewed = new ArrayList<>();
        sizeAt.forEach((jobId, where) -> {
            if (!(replies.get(where) instanceof Long size)) {
                return; // another type: its saves failed above
            }
            if (size > 0 && size == (long) added.getOrDefault(jobId, 0)) {
                // every entry is one these saves added: a new index; list its job and give it a TTL, as the script would
                renewed.add(jobId);
                followUp.add(Batch.script(LuaScripts.JOB_SEEN, List.of(keys.jobIdsKey()), args(jobId, indexTtlMillis)));
                followUp.add(Batch.pexpire(keys.indexKey(jobId), indexTtlMillis));
            }
            if (size >= (long) cap + slack && !continued.contains(jobId)) {
                TrimStep read = new TrimStep(jobId, Stage.READ, List.of(),
                        List.of(Batch.zrange(keys.indexKey(jobId), 0, -cap - 1)));
                boolean carriedHere = carriedJobs.contains(jobId); // its flag is ours: it goes on with a new step
                if (carriedHere || trimming.add(jobId)) {
                    pendingTrims.add(read);
                    if (carriedHere) {
                        continued.add(jobId);
                    }
                }
            }
        });
        if (!followUp.isEmpty()) {
            List<Object> done = Batch.runOnServer(jedis, followUp);
            if (wrong == null && done.contains(Batch.WRONG_TYPE)) {
                throw new redis.clients.jedis.exceptions.JedisDataException(
                        "WRONGTYPE renewing the history of " + renewed + ": a key holds another Redis type");
            }
        }
        if (wrong != null) {
            throw new redis.clients.jedis.exceptions.JedisDataException("WRONGTYPE saving execution '"
                    + wrong.executionId() + "': a key of job '" + wrong.jobId() + "' holds another Redis type");
        }
    }

    private List<TrimStep> drainTrims() {
        List<TrimStep> drained = new ArrayList<>();
        for (TrimStep step; (step = pendingTrims.poll()) != null; ) {
            drained.add(step);
        }
        return drained;
    }

    /** Runs the trimming steps still waiting for a save to carry them; best effort (one left undone is found again). */
    @Override
    public void close() {
        for (int pass = 0; pass < Stage.values().length && !pendingTrims.isEmpty(); pass++) {
            saveAll(List.of()); // carries them: each pass one stage further
        }
    }

    /** The stages of trimming a job's index, each carried by a later save's pipeline. */
    private enum Stage {
        /** ZRANGE: which entries are past the cap. */
        READ,
        /** MGET: whose run each of their records holds. */
        VERIFY,
        /** DEL of the records that hold this job's run, then ZREM of the entries. */
        REMOVE
    }

    /**
     * One step of trimming a job's index, waiting for a save's pipeline to carry it. Entries past the cap only move
     * further past it as newer runs are added, so acting on them a save or two later is safe (README, known limits,
     * has the exceptions); two writers trimming the same ones do nothing more. A record is deleted only if it holds a
     * run of this job (a planted entry, or an execution id saved again under another job, leaves the record alone),
     * and before its entry: until then the entry keeps it past the cap, hidden from reads and {@code findById}.
     */
    private final class TrimStep {
        private final String jobId;
        private final Stage stage;
        private final List<String> members;
        private final List<Batch.Op> ops;

        TrimStep(String jobId, Stage stage, List<String> members, List<Batch.Op> ops) {
            this.jobId = jobId;
            this.stage = stage;
            this.members = members;
            this.ops = ops;
        }

        String jobId() {
            return jobId;
        }

        List<Batch.Op> ops() {
            return ops;
        }

        /** The step that follows this one, given the replies to its commands; null when trimming is done. */
        TrimStep next(List<Object> replies) {
            switch (stage) {
                case READ: {
                    if (!(replies.get(0) instanceof List<?> past) || past.isEmpty()) {
                        return null;
                    }
                    List<String> found = new ArrayList<>(past.size());
                    past.forEach(m -> found.add((String) m));
                    List<Batch.Op> gets = new ArrayList<>();
                    for (List<String> chunk : chunks(found)) {
                        gets.add(Batch.mget(chunk.stream().map(keys::recordKey).toArray(String[]::new)));
                    }
                    return new TrimStep(jobId, Stage.VERIFY, found, gets);
                }
                case VERIFY: {
                    String fragment = JobFragment.of(jobId);
                    List<String> doomed = new ArrayList<>(members.size());
                    int at = 0;
                    for (Object reply : replies) {
                        if (!(reply instanceof List<?> values)) {
                            return null; // not read: a later save that finds the index full asks again
                        }
                        for (Object value : values) {
                            if (value instanceof String json && belongs(json, fragment)) {
                                doomed.add(keys.recordKey(members.get(at)));
                            }
                            at++;
                        }
                    }
                    List<Batch.Op> removal = new ArrayList<>();
                    for (List<String> chunk : chunks(doomed)) {
                        removal.add(Batch.del(chunk.toArray(new String[0])));
                    }
                    for (List<String> chunk : chunks(members)) {
                        removal.add(Batch.zrem(keys.indexKey(jobId), chunk.toArray(new String[0])));
                    }
                    return new TrimStep(jobId, Stage.REMOVE, members, removal);
                }
                default:
                    return null;
            }
        }
    }

    /** Whether a stored value is a record of the job whose {@link JobFragment} is given (as belongs.lua decides). */
    private static boolean belongs(String json, String fragment) {
        int at = json.indexOf(",\"job_id\":");
        return at >= 0 && json.startsWith(fragment, at);
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += TRIM_CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + TRIM_CHUNK)));
        }
        return chunks;
    }


    /**
     * Reads every retained run of each job by plain commands: one pipelined round trip for the indexes
     * (ZREVRANGEBYSCORE), one for the records (an MGET per job). Entries whose record is missing, or holds another
     * type, are left out (and left for a history read to clean up).
     *
     * @return per job, in order, its entries newest first; null for an index of another type
     */
    List<List<IndexEntry>> readAll(List<String> jobIds) {
        List<Batch.Op> ranges = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            ranges.add(Batch.zrevrangeByScore(keys.indexKey(jobId), NEWEST, "(-inf", cap));
        }
        List<Object> members = Batch.run(jedis, ranges);
        List<Batch.Op> gets = new ArrayList<>();
        for (Object m : members) {
            if (m != Batch.WRONG_TYPE && !((List<?>) m).isEmpty()) {
                List<?> list = (List<?>) m;
                String[] recordKeys = new String[list.size()];
                for (int i = 0; i < recordKeys.length; i++) {
                    recordKeys[i] = keys.recordKey((String) list.get(i));
                }
                gets.add(Batch.mget(recordKeys));
            }
        }
        List<Object> values = Batch.run(jedis, gets);
        List<List<IndexEntry>> result = new ArrayList<>(jobIds.size());
        int at = 0;
        for (Object m : members) {
            if (m == Batch.WRONG_TYPE) {
                result.add(null);
                continue;
            }
            List<?> list = (List<?>) m;
            List<IndexEntry> entries = new ArrayList<>(list.size());
            if (!list.isEmpty()) {
                List<?> got = (List<?>) values.get(at++);
                for (int i = 0; i < list.size(); i++) {
                    if (got.get(i) != null) {
                        entries.add(new IndexEntry((String) list.get(i), (String) got.get(i)));
                    }
                }
            }
            result.add(entries);
        }
        return result;
    }

    /** One record to save. */
    record Save(String executionId, String jobId, long startMillis, String json, boolean running, boolean refresh) {
    }

    @Override
    public String get(String executionId) {
        return jedis.get(keys.recordKey(executionId));
    }

    /** Whether a run is not past the newest {@code cap} of its job's index (where it waits to be trimmed). */
    @Override
    public boolean retained(String jobId, String executionId) {
        try {
            // the entries past the cap, oldest first: none, or fewer than the slack (ZRANGE: in the README's ACL)
            return !jedis.zrange(keys.indexKey(jobId), 0, -cap - 1).contains(executionId);
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            if (RedisHistoryException.isWrongType(e)) {
                return true; // no index to be past: the record is what there is
            }
            throw e;
        }
    }

    /**
     * The fast read, for a first page: ZREVRANGEBYSCORE ... LIMIT and one MGET, plain commands
     * that cost the server about what a hand-written read costs (a script would copy every value through Lua). It
     * answers without a resume position; when a value is missing or of another type it leaves the request to the
     * script, which removes expired entries and tells the two apart.
     */
    @Override
    public ScanResult scan(ScanRequest r, boolean fast) {
        if (fast && r.afterScore() == null) {
            ScanResult plain = plainScan(r);
            if (plain != null) {
                return plain;
            }
        }
        return scriptedScan(r);
    }

    private ScanResult plainScan(ScanRequest r) {
        if (!r.max().equals(NEWEST)) {
            return null; // a range that may start past the newest `cap` entries: the script knows where they end
        }
        String indexKey = keys.indexKey(r.jobId());
        boolean counted = r.count() > 0 && r.status().isEmpty();
        int limit = counted ? Math.min(r.count(), cap) : cap;
        List<String> members;
        try {
            // without a status filter the first `count` entries; with one (checked by the registry after reading) or
            // for all, the whole retained history: the newest `cap` entries (those past them wait to be trimmed)
            members = jedis.zrevrangeByScore(indexKey, r.max(), r.min(), 0, limit);
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            if (RedisHistoryException.isWrongType(e)) {
                throw new WrongTypeException(indexKey);
            }
            throw e;
        }
        if (members.isEmpty()) {
            return ScanResult.EMPTY;
        }
        String[] recordKeys = new String[members.size()];
        for (int i = 0; i < recordKeys.length; i++) {
            recordKeys[i] = keys.recordKey(members.get(i));
        }
        List<String> values = jedis.mget(recordKeys);
        List<IndexEntry> entries = new ArrayList<>(members.size());
        for (int i = 0; i < recordKeys.length; i++) {
            if (values.get(i) == null) {
                return null; // expired, or another type: the script tells which and cleans up
            }
            entries.add(new IndexEntry(members.get(i), values.get(i)));
        }
        return new ScanResult(entries, counted && members.size() == r.count(), null, null);
    }

    private ScanResult scriptedScan(ScanRequest r) {
        Object reply = LuaScripts.HISTORY.eval(jedis, List.of(keys.indexKey(r.jobId())),
                args(keys.recordPrefix(), r.max(), r.min(), r.afterScore() == null ? "" : r.afterScore(),
                        r.afterMember() == null ? "" : r.afterMember(), r.count(), r.status(), cap));
        List<?> flat = (List<?>) reply;
        long flag = (Long) flat.get(0);
        if (flag < 0) {
            throw new WrongTypeException(keys.indexKey(r.jobId()));
        }
        List<IndexEntry> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 2; i + 1 < flat.size(); i += 2) {
            entries.add(new IndexEntry((String) flat.get(i), (String) flat.get(i + 1)));
        }
        Long resumeScore = flag == 1 && flat.get(1) != null ? scoreMillis((String) flat.get(1)) : null;
        return new ScanResult(entries, resumeScore != null, resumeScore,
                entries.isEmpty() ? null : entries.get(entries.size() - 1).member());
    }

    /** A score the script read back; the read bounds exclude infinities, so it is a finite number. */
    private static long scoreMillis(String score) {
        return (long) Double.parseDouble(score);
    }

    @Override
    public int deleteHistory(String jobId) {
        Object deleted = LuaScripts.DELETE_HISTORY.eval(jedis, List.of(keys.indexKey(jobId), keys.jobIdsKey()),
                args(keys.recordPrefix(), JobFragment.of(jobId), jobId, cap));
        return ((Long) deleted).intValue();
    }

    @Override
    public Set<String> jobIds() {
        return HistoryStore.jobIds(LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of()),
                keys.jobIdsKey());
    }
}
