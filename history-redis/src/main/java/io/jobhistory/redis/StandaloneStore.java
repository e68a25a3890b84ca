package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A single Redis server (or a proxy that keeps all keys on one server). Finished runs are saved by plain commands and
 * their index trimmed in steps ({@link SteppedTrim}), which every read accounts for; what plain commands cannot do
 * safely (a running record that must not replace a finished one, renewing TTLs, reading after a cursor) is one script.
 */
final class StandaloneStore implements HistoryStore {

    /** The highest score of a read that starts at the newest run (no run starts at an infinite time). */
    private static final String NEWEST = "(+inf";

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final int cap;
    private final long ttlMillis;
    private final long indexTtlMillis;
    private final int maxFailures;
    private final SteppedTrim trims;
    private final JobFold fold;

    StandaloneStore(UnifiedJedis jedis, RedisKeys keys, int cap, int maxFailures, long ttlMillis, long indexTtlMillis,
                    JobFold fold) {
        this.jedis = jedis;
        this.maxFailures = maxFailures;
        this.keys = keys;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
        this.indexTtlMillis = indexTtlMillis;
        this.trims = new SteppedTrim(keys, cap, maxFailures, fold);
        this.fold = fold;
    }

    @Override
    public void save(Save save) {
        saveAll(List.of(save));
    }

    /**
     * Saves many records in one pipelined round trip. A finished record that does not renew its job is written by
     * plain commands (SET, ZADD, then ZCARD per job); a running record, or one that renews, by the save script, which
     * keeps finished records final and renews in the same step. A failed run is also kept in its job's failures
     * ({@code failure_add.lua}). Retention is the {@linkplain SteppedTrim trimming steps} the pipeline also carries. A
     * second round trip follows only when the plain saves created an index (it is renewed), wrote a record for an
     * index of another type (it is deleted again) or evicted failures whose records go. A script the server's cache
     * lost (NOSCRIPT) runs once more alone.
     *
     * @throws JedisDataException WRONGTYPE when a job's keys hold another type
     */
    @Override
    public void saveAll(List<Save> saves) {
        SteppedTrim.Carried carried = trims.take();
        try {
            saveAll(saves, carried);
        } finally {
            carried.release();
        }
    }

    private void saveAll(List<Save> saves, SteppedTrim.Carried carried) {
        List<Batch.Op> ops = new ArrayList<>(saves.size() * 2 + 4);
        carried.queue(ops);
        int first = ops.size();
        Map<String, Integer> sizeAt = new LinkedHashMap<>(); // job -> where its ZCARD's reply is
        for (Save s : saves) {
            if (s.running() || s.refresh()) {
                ops.add(Batch.script(LuaScripts.SAVE,
                        List.of(keys.recordKey(s.executionId()), keys.indexKey(s.jobId()), keys.jobIdsKey()),
                        args(s.json(), ttlMillis, s.running() ? 1 : 0, s.startMillis(), s.executionId(), s.jobId(),
                                s.refresh() ? 1 : 0, indexTtlMillis)));
            } else {
                ops.add(Batch.set(keys.recordKey(s.executionId()), s.json(), ttlMillis));
                ops.add(Batch.zadd(keys.indexKey(s.jobId()), s.startMillis(), s.executionId()));
                sizeAt.put(s.jobId(), -1);
            }
            if (s.failed() && maxFailures > 0) {
                ops.add(failureAdd(s));
            }
        }
        for (Map.Entry<String, Integer> job : sizeAt.entrySet()) {
            job.setValue(ops.size());
            ops.add(Batch.zcard(keys.indexKey(job.getKey())));
        }
        List<Object> replies = Batch.runOnServer(jedis, ops);
        carried.advance(replies);

        Map<String, Integer> added = new HashMap<>();
        Map<String, Long> sized = new LinkedHashMap<>();
        List<Batch.Op> followUp = new ArrayList<>();
        Save wrong = null;
        int at = first;
        for (Save s : saves) {
            if (s.running() || s.refresh()) {
                Object reply = replies.get(at++);
                if (reply == Batch.WRONG_TYPE) {
                    wrong = wrong == null ? s : wrong;
                } else {
                    sized.put(s.jobId(), (Long) ((List<?>) reply).get(1));
                }
            } else {
                Object indexed = replies.get(at + 1);
                at += 2;
                if (indexed == Batch.WRONG_TYPE) {
                    // not indexed, the record would be readable by id only: take it back
                    followUp.add(Batch.del(keys.recordKey(s.executionId())));
                    wrong = wrong == null ? s : wrong;
                } else {
                    added.merge(s.jobId(), ((Long) indexed).intValue(), Integer::sum);
                }
            }
            if (s.failed() && maxFailures > 0) {
                Object evicted = replies.get(at++);
                if (evicted == Batch.WRONG_TYPE) {
                    wrong = wrong == null ? s : wrong;
                } else {
                    for (Object member : (List<?>) evicted) {
                        followUp.add(Batch.script(LuaScripts.DELETE_IF_JOB, List.of(keys.recordKey((String) member)),
                                List.of(JobFragment.of(s.jobId()), (String) member)));
                    }
                }
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
            sized.merge(jobId, size, Math::max);
        });
        sized.forEach(carried::sized);
        if (!followUp.isEmpty()) {
            List<Object> done = Batch.runOnServer(jedis, followUp);
            if (wrong == null && done.contains(Batch.WRONG_TYPE)) {
                throw new JedisDataException(
                        "WRONGTYPE renewing the history of " + renewed + ": a key holds another Redis type");
            }
        }
        if (wrong != null) {
            throw new JedisDataException("WRONGTYPE saving execution '"
                    + wrong.executionId() + "': a key of job '" + wrong.jobId() + "' holds another Redis type");
        }
    }

    private Batch.Op failureAdd(Save s) {
        return Batch.script(LuaScripts.FAILURE_ADD, List.of(keys.failuresKey(s.jobId()), keys.indexKey(s.jobId())),
                args(s.startMillis(), s.executionId(), maxFailures, indexTtlMillis));
    }

    /** Runs the trimming steps still waiting for a save to carry them; best effort (one left undone is found again). */
    @Override
    public void close() {
        for (int pass = 0; pass < SteppedTrim.stages() && !trims.isIdle(); pass++) {
            saveAll(List.of()); // carries them: each pass one stage further
        }
    }

    @Override
    public List<List<IndexEntry>> readAll(List<String> jobIds) {
        List<Batch.Op> ranges = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            ranges.add(Batch.zrevrangeByScore(keys.indexKey(jobId), NEWEST, "(-inf", cap)); // past the cap: not read
        }
        return IndexReads.readAll(jedis, keys, ranges, true);
    }

    @Override
    public List<IndexEntry> failures(String jobId, String max, String min, int limit) {
        return IndexReads.readAll(jedis, keys,
                List.of(Batch.zrevrangeByScore(keys.failuresKey(jobId), max, min, limit)), true).get(0);
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
            return !jedis.zrange(keys.indexKey(jobId), 0, -cap - 1).contains(executionId)
                    || jedis.zscore(keys.failuresKey(jobId), executionId) != null; // kept as a failure
        } catch (JedisDataException e) {
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
        // without a status filter the first `count` entries; with one (checked by the registry after reading) or for
        // all, the whole retained history: the newest `cap` entries (those past them wait to be trimmed)
        List<String> members = IndexReads.newestMembers(jedis, indexKey, r, limit);
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
        fold.forget(jobId);
        Object deleted = LuaScripts.DELETE_HISTORY.eval(jedis, List.of(keys.indexKey(jobId), keys.jobIdsKey(),
                        keys.failuresKey(jobId), keys.jobRecordKey(jobId), keys.statsKey(jobId), keys.maximaKey(jobId)),
                args(keys.recordPrefix(), JobFragment.of(jobId), jobId, cap));
        return ((Long) deleted).intValue();
    }

    /**
     * Trims the entries past the cap first (each counted as it leaves, {@link SteppedTrim#now}), so that none comes
     * back within the cap once the index is one run shorter; then one script removes the run and its record, and the
     * job from the job ids if its index is left empty.
     */
    @Override
    public boolean deleteRun(String jobId, String executionId) {
        for (int pass = 0; pass <= SteppedTrim.stages() && trims.isTrimming(jobId); pass++) {
            saveAll(List.of()); // a trim of the job under way here: its stages first, each pass one further
        }
        trims.now(jedis, jobId);
        Object deleted = LuaScripts.DELETE_RUN.eval(jedis,
                List.of(keys.recordKey(executionId), keys.indexKey(jobId), keys.jobIdsKey(), keys.failuresKey(jobId)),
                args(executionId, JobFragment.of(jobId), jobId, cap));
        return (Long) deleted == 1;
    }

    @Override
    public Set<String> jobIds() {
        return HistoryStore.jobIds(LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of()),
                keys.jobIdsKey());
    }
}
