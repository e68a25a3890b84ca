package io.jobhistory.redis;

import static io.jobhistory.redis.HistoryStore.args;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/**
 * Redis Cluster: a record, its job's index and the job ids live in different hash slots, so every command and script
 * touches one key. Single commands go through the client, which follows MOVED/ASK and refreshes its slot map after a
 * failover; commands for many keys go out as a {@link Batch}.
 *
 * <p>A save indexes the run first, then writes its record (with the deletion of the records retention trims, in one
 * batch), then removes the trimmed members from the index. A record is thus never outside its index, whichever step
 * fails: a failed save leaves at most an index entry without a record, which reads skip and retention trims, and
 * trimmed members stay in the index until their records are gone, so the next save deletes them. Reads remove an entry
 * whose record is missing only once its start time is a time to live old, so an entry whose record is being written
 * is never taken for an expired one. Its cost and retention beside the single server's are in {@code docs/redis.md}.
 */
final class ClusterStore implements HistoryStore {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final int cap;
    private final long ttlMillis;
    private final long indexTtlMillis;
    private final LongSupplier nowMillis;
    private final int maxFailures;
    private final JobFold fold;

    ClusterStore(UnifiedJedis jedis, RedisKeys keys, int cap, int maxFailures, long ttlMillis, long indexTtlMillis,
                 LongSupplier nowMillis, JobFold fold) {
        this.fold = fold;
        this.maxFailures = maxFailures;
        this.indexTtlMillis = indexTtlMillis;
        this.jedis = jedis;
        this.keys = keys;
        this.cap = cap;
        this.ttlMillis = ttlMillis;
        this.nowMillis = nowMillis;
    }

    @Override
    public void save(Save save) {
        saveAll(List.of(save));
    }

    /**
     * Saves records in steps, each step one {@link Batch} for all records (one pipelined round trip per node; a batch
     * of one command is sent alone): job ids (those to renew); index entries ({@code index_add.lua}, which returns the
     * members past the cap) and failed runs kept ({@code failure_add.lua}); records, with the reads and deletions of
     * the records retention trims (not those kept as failures) and of evicted failures; then new jobs' ids and
     * {@code job_take.lua}, which removes the trimmed entries from the index, then their counts ({@link JobFold}).
     */
    @Override
    public void saveAll(List<Save> saves) {
        List<Batch.Op> seen = new ArrayList<>();
        Set<String> renewed = new HashSet<>();
        for (Save s : saves) {
            if (s.refresh() && renewed.add(s.jobId())) {
                seen.add(Batch.script(LuaScripts.JOB_SEEN, List.of(keys.jobIdsKey()),
                        args(s.jobId(), indexTtlMillis)));
            }
        }
        if (!seen.isEmpty()) {
            // first, so a job-id key of another type fails the save before anything is written
            Batch.runAll(jedis, seen, "saving to " + keys.jobIdsKey());
        }
        List<Batch.Op> index = new ArrayList<>(saves.size() * 2);
        for (Save s : saves) {
            index.add(Batch.script(LuaScripts.INDEX_ADD, List.of(keys.indexKey(s.jobId()), keys.failuresKey(s.jobId())),
                    args(s.startMillis(), s.executionId(), cap, indexTtlMillis, s.running() ? 1 : 0,
                            s.refresh() ? 1 : 0)));
            if (s.failed() && maxFailures > 0) {
                index.add(Batch.script(LuaScripts.FAILURE_ADD,
                        List.of(keys.failuresKey(s.jobId()), keys.indexKey(s.jobId())),
                        args(s.startMillis(), s.executionId(), maxFailures, indexTtlMillis)));
            }
        }
        List<Object> indexed = Batch.run(jedis, index);
        Save wrongFailures = null;
        for (int i = 0, at = 0; i < saves.size(); i++) {
            if (indexed.get(at++) == Batch.WRONG_TYPE) {
                throw new JedisDataException("WRONGTYPE saving to a job's index: a key holds another Redis type");
            }
            if (saves.get(i).failed() && maxFailures > 0 && indexed.get(at++) == Batch.WRONG_TYPE) {
                wrongFailures = saves.get(i); // the run is saved all the same; the save then fails naming it
            }
        }
        List<Batch.Op> writes = new ArrayList<>();
        for (Save s : saves) {
            writes.add(Batch.script(LuaScripts.WRITE_RECORD, List.of(keys.recordKey(s.executionId())),
                    args(s.json(), ttlMillis, s.running() ? 1 : 0)));
        }
        Map<String, Map<String, Integer>> trimmed = new LinkedHashMap<>(); // job -> member -> where its GET's reply is
        Set<String> expired = new HashSet<>(); // job + member whose start is a time to live old
        Set<String> keptAsFailure = new HashSet<>(); // job + member kept in the failures: its record stays
        Set<String> created = new LinkedHashSet<>();
        int at = 0;
        for (Save s : saves) {
            List<?> reply = (List<?>) indexed.get(at++);
            if ((Long) reply.get(0) == 1) {
                created.add(s.jobId()); // listed last, renewed or not: a deleteRun may have unlisted it meanwhile
            }
            String fragment = JobFragment.extract(s.json());
            List<?> past = (List<?>) reply.get(1);
            List<?> kept = (List<?>) reply.get(2);
            List<?> scores = (List<?>) reply.get(3);
            Map<String, Integer> job = trimmed.computeIfAbsent(s.jobId(), j -> new LinkedHashMap<>());
            for (int i = 0; i < past.size(); i++) {
                String member = (String) past.get(i);
                if (job.containsKey(member)) {
                    continue;
                }
                if (Double.parseDouble((String) scores.get(i)) < nowMillis.getAsLong() - ttlMillis) {
                    expired.add(s.jobId() + '\n' + member);
                }
                job.put(member, writes.size());
                writes.add(Batch.get(keys.recordKey(member))); // counted as it leaves the index
                if ((Long) kept.get(i) == 1) {
                    keptAsFailure.add(s.jobId() + '\n' + member);
                }
            }
            if (s.failed() && maxFailures > 0 && indexed.get(at++) instanceof List<?> evicted) {
                for (Object member : evicted) {
                    writes.add(Batch.script(LuaScripts.DELETE_IF_JOB, List.of(keys.recordKey((String) member)),
                            List.of(fragment, (String) member)));
                }
            }
        }
        List<Object> written = Batch.runAll(jedis, writes, "saving records");
        List<Batch.Op> last = new ArrayList<>();
        for (String jobId : created) {
            last.add(Batch.script(LuaScripts.JOB_SEEN, List.of(keys.jobIdsKey()), args(jobId, indexTtlMillis)));
        }
        if (!last.isEmpty()) {
            Batch.runAll(jedis, last, "saving to the job ids");
        }
        // the records of runs leaving the index, before their entries (a record is never outside its index)
        List<JobFold.Fold> folds = new ArrayList<>();
        List<Batch.Op> deletes = new ArrayList<>();
        trimmed.forEach((jobId, members) -> {
            String fragment = JobFragment.of(jobId);
            List<String> taken = new ArrayList<>(members.size());
            List<Object> values = new ArrayList<>(members.size());
            members.forEach((member, where) -> {
                Object value = written.get(where);
                // A record already gone belongs to a trim another save is doing (it removes and counts the entry),
                // unless the run is a time to live old: it expired, and its entry goes uncounted. A run still
                // running stays past the cap until it finishes.
                if ((value != null || expired.contains(jobId + '\n' + member))
                        && !fold.stillRunning(jobId, member, value)) {
                    taken.add(member);
                    values.add(value);
                    if (!keptAsFailure.contains(jobId + '\n' + member)) {
                        deletes.add(Batch.script(LuaScripts.DELETE_IF_JOB, List.of(keys.recordKey(member)),
                                List.of(fragment, member)));
                    }
                }
            });
            if (!taken.isEmpty()) {
                folds.add(fold.of(jobId, taken, values));
            }
        });
        if (!deletes.isEmpty()) {
            Batch.runAll(jedis, deletes, "trimming records");
        }
        fold(folds);
        if (wrongFailures != null) {
            throw new JedisDataException("WRONGTYPE saving execution '" + wrongFailures.executionId()
                    + "': the failures of job '" + wrongFailures.jobId() + "' hold another Redis type");
        }
    }

    /**
     * Takes the trimmed runs out of their indexes ({@code job_take.lua}, all or none per job), then adds what they
     * count (claims first where this instance has not claimed the periods lately). A job's runs that another save's
     * trim took first are left to it, and the others taken again; a few passes at most, each with fewer runs. A save
     * failing between the two steps leaves those runs uncounted.
     */
    private void fold(List<JobFold.Fold> folds) {
        List<JobFold.Fold> counted = new ArrayList<>();
        for (int pass = 0; pass < 3 && !folds.isEmpty(); pass++) {
            List<Batch.Op> takes = new ArrayList<>();
            for (JobFold.Fold f : folds) {
                takes.add(Batch.script(LuaScripts.JOB_TAKE, List.of(keys.indexKey(f.jobId())), f.members()));
            }
            List<Object> replies = Batch.runAll(jedis, takes, "trimming a job's index");
            List<JobFold.Fold> again = new ArrayList<>();
            for (int i = 0; i < folds.size(); i++) {
                Object reply = replies.get(i);
                if (reply instanceof Long n && n > 0) {
                    counted.add(folds.get(i));
                } else if (reply instanceof List<?> present) {
                    JobFold.Fold f = folds.get(i).only(present, 1);
                    if (!f.isEmpty()) {
                        again.add(f);
                    }
                }
            }
            folds = again;
        }
        List<Batch.Op> claims = new ArrayList<>();
        List<Batch.Op> adds = new ArrayList<>();
        for (JobFold.Fold f : counted) {
            String[] claim = f.claim();
            if (claim != null) {
                claims.add(Batch.typed(claim));
            }
            f.increments(1).forEach(c -> adds.add(Batch.typed(c)));
        }
        if (!claims.isEmpty()) {
            Batch.run(jedis, claims); // before the increments: a claim run again alone (NOSCRIPT) would zero them
        }
        if (!adds.isEmpty()) {
            Batch.run(jedis, adds); // a job key of another type leaves its counts out; reads name the key
        }
    }

    /** Every retained run of each job: the whole index, which every save trims to the cap, then each record by GET. */
    @Override
    public List<List<IndexEntry>> readAll(List<String> jobIds) {
        List<Batch.Op> ranges = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            ranges.add(Batch.zrevrangeByScore(keys.indexKey(jobId), "(+inf", "(-inf"));
        }
        return IndexReads.readAll(jedis, keys, ranges, false);
    }

    /** Deletes the records of these members that still belong to the job; returns how many. */
    private int deleteRecords(List<String> members, String fragment) {
        List<Batch.Op> ops = new ArrayList<>(members.size());
        for (String member : members) {
            ops.add(Batch.script(LuaScripts.DELETE_IF_JOB, List.of(keys.recordKey(member)), List.of(fragment, member)));
        }
        int deleted = 0;
        for (Object reply : Batch.run(jedis, ops)) {
            if (reply instanceof Long n) {
                deleted += n.intValue();
            }
        }
        return deleted;
    }

    @Override
    public List<IndexEntry> failures(String jobId, String max, String min, int limit) {
        return IndexReads.readAll(jedis, keys,
                List.of(Batch.zrevrangeByScore(keys.failuresKey(jobId), max, min, limit)), false).get(0);
    }

    @Override
    public String get(String executionId) {
        return jedis.get(keys.recordKey(executionId));
    }

    @Override
    public ScanResult scan(ScanRequest r, boolean fast) {
        if (fast && r.afterScore() == null) {
            ScanResult plain = plainScan(r);
            if (plain != null) {
                return plain;
            }
        }
        String indexKey = keys.indexKey(r.jobId());
        List<?> range = (List<?>) LuaScripts.INDEX_RANGE.eval(jedis, List.of(indexKey),
                List.of(r.maxWithTies(), r.min()));
        if ((Long) range.get(0) != 1) {
            throw new WrongTypeException(indexKey);
        }
        List<Tuple> candidates = new ArrayList<>(range.size() / 2);
        for (int i = 1; i + 1 < range.size(); i += 2) {
            String member = (String) range.get(i);
            double score = Double.parseDouble((String) range.get(i + 1));
            if (score != Math.rint(score) || Double.isInfinite(score)) {
                log.warn("Skipping entry '{}' of Redis key {}: its score {} is not a start time in epoch ms",
                        member, indexKey, score);
            } else if (!r.passed((long) score, member)) {
                candidates.add(new Tuple(member, score));
            }
        }
        if (candidates.isEmpty()) {
            return ScanResult.EMPTY;
        }
        // A status filter is checked here, after reading: read every candidate at once rather than batch by batch.
        int take = r.count() > 0 && r.status().isEmpty() ? Math.min(r.count(), candidates.size()) : candidates.size();
        List<Batch.Op> gets = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            gets.add(Batch.get(keys.recordKey(candidates.get(i).getElement())));
        }
        List<Object> values = Batch.run(jedis, gets);
        List<IndexEntry> entries = new ArrayList<>(take);
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < take; i++) {
            String member = candidates.get(i).getElement();
            Object value = values.get(i);
            if (value == Batch.WRONG_TYPE) {
                entries.add(new IndexEntry(member, null));
            } else if (value == null) {
                if (candidates.get(i).getScore() < nowMillis.getAsLong() - ttlMillis) {
                    stale.add(member); // expired; a younger entry may be a save writing its record right now
                }
            } else {
                entries.add(new IndexEntry(member, (String) value));
            }
        }
        if (!stale.isEmpty()) {
            jedis.zrem(indexKey, stale.toArray(new String[0]));
        }
        Tuple last = candidates.get(take - 1);
        return new ScanResult(entries, take < candidates.size(), (long) last.getScore(), last.getElement());
    }

    /**
     * The fast read of a first page, as on a single server: ZREVRANGEBYSCORE ... LIMIT without scores, then the records
     * as one batch. Null (the full read decides) when a record is missing or of another type.
     */
    private ScanResult plainScan(ScanRequest r) {
        String indexKey = keys.indexKey(r.jobId());
        int limit = r.count() > 0 && r.status().isEmpty() ? r.count() : cap + 1;
        List<String> members = IndexReads.newestMembers(jedis, indexKey, r, limit);
        if (members.isEmpty()) {
            return ScanResult.EMPTY;
        }
        List<Batch.Op> gets = new ArrayList<>(members.size());
        for (String member : members) {
            gets.add(Batch.get(keys.recordKey(member)));
        }
        List<Object> values = Batch.run(jedis, gets);
        List<IndexEntry> entries = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            Object value = values.get(i);
            if (value == null || value == Batch.WRONG_TYPE) {
                return null;
            }
            entries.add(new IndexEntry(members.get(i), (String) value));
        }
        return new ScanResult(entries, members.size() == limit, null, null);
    }

    @Override
    public int deleteHistory(String jobId) {
        String indexKey = keys.indexKey(jobId);
        List<String> members;
        boolean wrongType = false;
        try {
            members = jedis.zrange(indexKey, 0, -1);
        } catch (JedisDataException e) {
            if (!RedisHistoryException.isWrongType(e)) {
                throw e;
            }
            members = List.of();
            wrongType = true;
        }
        Set<String> all = new LinkedHashSet<>(members);
        try {
            all.addAll(jedis.zrange(keys.failuresKey(jobId), 0, -1));
        } catch (JedisDataException e) {
            if (!RedisHistoryException.isWrongType(e)) {
                throw e;
            }
        }
        int deleted = all.isEmpty() ? 0 : deleteRecords(new ArrayList<>(all), JobFragment.of(jobId));
        List<Batch.Op> dels = new ArrayList<>();
        if (!wrongType && !members.isEmpty()) {
            dels.add(Batch.del(indexKey));
        }
        fold.forget(jobId);
        for (String key : List.of(keys.failuresKey(jobId), keys.jobRecordKey(jobId), keys.statsKey(jobId),
                keys.maximaKey(jobId))) {
            dels.add(Batch.del(key));
        }
        Batch.run(jedis, dels);
        try {
            jedis.zrem(keys.jobIdsKey(), jobId);
        } catch (JedisDataException e) {
            if (!RedisHistoryException.isWrongType(e)) {
                throw e;
            }
        }
        return deleted;
    }

    /**
     * Three steps in three slots, record first: {@code delete_if_job.lua} on the record, then {@code index_remove.lua}
     * on the index, then, if the index is left empty, ZREM from the job ids. A failure after the first step leaves an
     * index entry without a record, which reads skip as they skip a save whose record is not written yet (and which
     * retention trims), never a record outside its index. A save that creates the index again lists its job after
     * indexing, so after the ZREM the job is listed again if its index exists by then.
     */
    @Override
    public boolean deleteRun(String jobId, String executionId) {
        Object deleted = LuaScripts.DELETE_IF_JOB.eval(jedis, List.of(keys.recordKey(executionId)),
                List.of(JobFragment.of(jobId), executionId));
        String indexKey = keys.indexKey(jobId);
        Object left = LuaScripts.INDEX_REMOVE.eval(jedis, List.of(indexKey, keys.failuresKey(jobId)),
                List.of(executionId));
        if ((Long) left == 0) {
            try {
                jedis.zrem(keys.jobIdsKey(), jobId);
            } catch (JedisDataException e) {
                if (!RedisHistoryException.isWrongType(e)) {
                    throw e;
                }
            }
            if (jedis.exists(indexKey)) { // a save indexed a run of the job meanwhile: keep it listed
                LuaScripts.JOB_SEEN.eval(jedis, List.of(keys.jobIdsKey()), args(jobId, indexTtlMillis));
            }
        }
        return (Long) deleted == 1;
    }

    @Override
    public Set<String> jobIds() {
        return HistoryStore.jobIds(LuaScripts.JOB_IDS.eval(jedis, List.of(keys.jobIdsKey()), List.of()),
                keys.jobIdsKey());
    }
}
