package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.HashMap;
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
     * Trimming in steps makes its script's cost a tenth per save; reads leave those runs out as if already trimmed.
     */
    private final int slack;

    /** Jobs whose index size this store remembers at most; past that the memory starts over. */
    private static final int MAX_KNOWN_SIZES = 10_000;

    /** Each job's index size as this store's last save saw it, to trim in the same round trip as the save that fills it. */
    private final Map<String, Long> knownSizes = new java.util.concurrent.ConcurrentHashMap<>();

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
     * plain commands (SET, ZADD, ZCARD); a running record, or one that renews, by the save script, which keeps
     * finished records final, trims and renews in the same step. Where the index sizes this store saw say the saves
     * fill an index to the cap plus its {@linkplain #slack slack}, the trimming script goes in the same pipeline. A
     * second round trip follows only when plain saves created an index (it is renewed) or filled one unforeseen (another
     * writer's saves) or wrote a record for an index of another type (it is deleted).
     * A script the server's cache lost (NOSCRIPT) runs once more alone, by EVAL.
     *
     * @throws redis.clients.jedis.exceptions.JedisDataException WRONGTYPE when a job's keys hold another type; a
     *         record written for an index of another type is deleted again
     */
    void saveAll(List<Save> saves) {
        List<Batch.Op> ops = new ArrayList<>(saves.size() * 3 + 1);
        Map<String, Integer> plainSaves = new LinkedHashMap<>();
        Map<String, String> fragments = new HashMap<>();
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
                ops.add(Batch.zcard(keys.indexKey(s.jobId())));
                plainSaves.merge(s.jobId(), 1, Integer::sum);
                fragments.putIfAbsent(s.jobId(), JobFragment.extract(s.json()));
            }
        }
        // where the size this store last saw says these saves fill an index to the cap plus the slack, trim it in the
        // same round trip; the sizes the saves report catch what another writer changed
        Map<String, Integer> trimAt = new HashMap<>();
        plainSaves.forEach((jobId, count) -> {
            Long known = knownSizes.get(jobId);
            if (known != null && known + count >= cap + slack) {
                trimAt.put(jobId, ops.size());
                ops.add(trim(jobId, fragments.get(jobId)));
            }
        });
        List<Object> replies = Batch.runOnServer(jedis, ops);
        Map<String, Long> sizes = new LinkedHashMap<>();
        Set<String> created = new LinkedHashSet<>();
        List<Batch.Op> followUp = new ArrayList<>();
        Save wrong = null;
        int at = 0;
        for (Save s : saves) {
            if (s.running() || s.refresh()) {
                if (replies.get(at++) == Batch.WRONG_TYPE && wrong == null) {
                    wrong = s;
                }
                continue;
            }
            Object indexed = replies.get(at + 1);
            Object size = replies.get(at + 2);
            at += 3;
            if (indexed == Batch.WRONG_TYPE || size == Batch.WRONG_TYPE) {
                // not indexed, the record would be readable by id only: take it back
                followUp.add(Batch.del(keys.recordKey(s.executionId())));
                if (wrong == null) {
                    wrong = s;
                }
                continue;
            }
            long n = (Long) size;
            sizes.put(s.jobId(), n);
            if (n == 1) {
                created.add(s.jobId()); // a new index: list its job and give it a TTL, as the script would have
            }
        }
        for (String jobId : created) {
            followUp.add(Batch.script(LuaScripts.JOB_SEEN, List.of(keys.jobIdsKey()), args(jobId, indexTtlMillis)));
            followUp.add(Batch.pexpire(keys.indexKey(jobId), indexTtlMillis));
        }
        if (knownSizes.size() >= MAX_KNOWN_SIZES) {
            knownSizes.clear();
        }
        sizes.forEach((jobId, n) -> {
            Integer trimmed = trimAt.get(jobId);
            if (trimmed != null && replies.get(trimmed) instanceof Long removed) {
                knownSizes.put(jobId, n - removed);
            } else if (n >= cap + slack) {
                followUp.add(trim(jobId, fragments.get(jobId)));
                knownSizes.put(jobId, (long) cap);
            } else {
                knownSizes.put(jobId, n);
            }
        });
        if (!followUp.isEmpty()) {
            List<Object> done = Batch.runOnServer(jedis, followUp);
            if (wrong == null && done.contains(Batch.WRONG_TYPE)) {
                throw new redis.clients.jedis.exceptions.JedisDataException(
                        "WRONGTYPE renewing or trimming the history of " + created + sizes.keySet()
                                + ": a key holds another Redis type");
            }
        }
        if (wrong != null) {
            throw new redis.clients.jedis.exceptions.JedisDataException("WRONGTYPE saving execution '"
                    + wrong.executionId() + "': a key of job '" + wrong.jobId() + "' holds another Redis type");
        }
    }

    private Batch.Op trim(String jobId, String fragment) {
        return Batch.script(LuaScripts.TRIM, List.of(keys.indexKey(jobId)), args(cap, keys.recordPrefix(), fragment));
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
                args(keys.recordPrefix(), JobFragment.of(jobId), jobId));
        return ((Long) deleted).intValue();
    }

    @Override
    public Set<String> jobIds() {
        return HistoryStore.jobIds(LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of()),
                keys.jobIdsKey());
    }
}
