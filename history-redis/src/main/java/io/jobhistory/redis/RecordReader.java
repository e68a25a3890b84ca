package io.jobhistory.redis;

import io.jobhistory.ExecutionRecord;
import io.jobhistory.ExecutionStatus;
import io.jobhistory.HistoryQuery;
import io.jobhistory.JobOverview;
import io.jobhistory.json.ExecutionRecordJson;
import io.jobhistory.spi.HistoryCursor;
import io.jobhistory.spi.HistoryRules;
import io.jobhistory.spi.RecordRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The registry's reads: what the {@link HistoryStore} returns, parsed, checked to be a run of the job asked for, and
 * seen at the registry's clock. A stored value that is not a valid record, or a key of the wrong type, is skipped with
 * a warning.
 */
final class RecordReader {

    private static final Logger log = LoggerFactory.getLogger(RedisExecutionHistoryRegistry.class);
    /** Above this many wanted matches, a scan reads everything in range instead of counting. */
    private static final int READ_ALL_ABOVE = 1_000_000;
    /** Jobs per pipelined round trip of {@link #overviews}. */
    private static final int OVERVIEW_CHUNK = 100;

    private final HistoryStore store;
    private final RedisKeys keys;
    private final RedisCalls calls;
    private final Clock clock;

    RecordReader(HistoryStore store, RedisKeys keys, RedisCalls calls, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.calls = calls;
        this.clock = clock;
    }

    /** A run by id, unless it is past its job's cap (waiting to be trimmed). */
    Optional<ExecutionRecord> byId(String executionId) {
        String key = keys.recordKey(executionId);
        String value;
        try {
            value = calls.call("findById", () -> {
                try {
                    return store.get(executionId);
                } catch (JedisDataException e) {
                    if (RedisHistoryException.isWrongType(e)) {
                        throw new WrongTypeException(key);
                    }
                    throw e;
                }
            });
        } catch (WrongTypeException e) {
            log.warn("Skipping Redis key {}: it holds a value of the wrong type", key);
            return Optional.empty();
        }
        if (value == null) {
            return Optional.empty();
        }
        Optional<ExecutionRecord> record = parse(key, value, true).filter(r -> r.executionId().equals(executionId));
        if (record.isPresent() && !calls.call("findById", () -> store.retained(record.get().jobId(), executionId))) {
            return Optional.empty(); // past the cap, waiting to be trimmed
        }
        return record;
    }

    /** The jobs whose newest save has not expired; none (with a warning) if the job ids key holds another type. */
    Set<String> jobIds() {
        try {
            return calls.call("findJobIds", store::jobIds);
        } catch (WrongTypeException e) {
            log.warn(e.getMessage());
            return Set.of();
        }
    }

    /**
     * Every retained run of up to {@value #OVERVIEW_CHUNK} jobs at once, by plain commands ({@link IndexReads}).
     */
    List<JobOverview> overviews(List<String> jobIds, int recentRuns) {
        List<JobOverview> overviews = new ArrayList<>(jobIds.size());
        for (int from = 0; from < jobIds.size(); from += OVERVIEW_CHUNK) {
            List<String> chunk = jobIds.subList(from, Math.min(jobIds.size(), from + OVERVIEW_CHUNK));
            List<List<IndexEntry>> read = calls.call("findOverviews", () -> store.readAll(chunk));
            Instant now = clock.instant();
            for (int i = 0; i < chunk.size(); i++) {
                String jobId = chunk.get(i);
                if (read.get(i) == null) {
                    log.warn(new WrongTypeException(keys.indexKey(jobId)).getMessage());
                    continue;
                }
                List<ExecutionRecord> runs = overviewRuns(jobId, read.get(i), recentRuns, now);
                HistoryRules.overview(jobId, runs, recentRuns).ifPresent(overviews::add);
            }
        }
        return overviews;
    }

    /**
     * A job's retained runs for its overview, newest first: the newest {@code recentRuns} (the index's order) read in
     * full, the others only as far as the summary needs ({@link ExecutionRecordJson#fromJsonForStatistics}), which
     * is most of an overview's cost. Should a run read only for statistics sort among the newest after all (an index
     * score that disagrees with its record), the job is read again in full.
     */
    private List<ExecutionRecord> overviewRuns(String jobId, List<IndexEntry> entries, int recentRuns, Instant now) {
        List<ExecutionRecord> runs = new ArrayList<>(entries.size());
        Set<ExecutionRecord> lean = Collections.newSetFromMap(new IdentityHashMap<>());
        for (IndexEntry entry : entries) {
            boolean full = runs.size() < recentRuns;
            read(jobId, entry, full).ifPresent(r -> {
                ExecutionRecord seen = RecordRules.seenAt(r, now);
                runs.add(seen);
                if (!full) {
                    lean.add(seen);
                }
            });
        }
        runs.sort(ExecutionRecord.NEWEST_FIRST);
        for (int i = 0; i < Math.min(recentRuns, runs.size()); i++) {
            if (lean.contains(runs.get(i))) {
                List<ExecutionRecord> all = new ArrayList<>(entries.size());
                for (IndexEntry entry : entries) {
                    read(jobId, entry, true).ifPresent(r -> all.add(RecordRules.seenAt(r, now)));
                }
                all.sort(ExecutionRecord.NEWEST_FIRST);
                return all;
            }
        }
        return runs;
    }

    /**
     * The first {@code wanted} records matching {@code query}, newest first, seen now. Reads the index in batches: one
     * usually suffices; another follows only when corrupt values or (for running/abandoned) runs seen as the other
     * status left the first one short.
     */
    List<ExecutionRecord> matching(String jobId, HistoryQuery query, long wanted, Instant now) {
        Predicate<ExecutionRecord> matches = HistoryRules.matcher(query);
        ScanRequest request = firstRequest(jobId, query, wanted);
        List<ExecutionRecord> matching = new ArrayList<>();
        boolean fast = true;
        while (true) {
            ScanRequest current = request;
            boolean quick = fast;
            ScanResult result;
            try {
                result = calls.call("findHistory", () -> store.scan(current, quick));
            } catch (WrongTypeException e) {
                log.warn(e.getMessage());
                return matching;
            }
            int before = matching.size();
            for (IndexEntry entry : result.entries()) {
                Optional<ExecutionRecord> record = read(jobId, entry, true);
                if (record.isPresent()) {
                    ExecutionRecord seen = RecordRules.seenAt(record.get(), now);
                    if (matches.test(seen)) {
                        matching.add(seen);
                        if (matching.size() >= wanted) {
                            return matching;
                        }
                    }
                }
            }
            if (!result.more()) {
                return matching;
            }
            if (result.resumeScore() == null) {
                // a fast read fell short (bad values, filtered runs): read the same part again, resumably
                matching.subList(before, matching.size()).clear();
                fast = false;
                continue;
            }
            request = request.after(result.resumeScore(), result.resumeMember(),
                    request.count() == 0 ? 0 : (int) Math.min(wanted - matching.size(), READ_ALL_ABOVE));
        }
    }

    /**
     * The first {@code wanted} failed runs matching {@code query}, newest first: the failed runs of the index (the
     * newest {@code maxRuns}) together with the failures index (the newest {@code maxFailures} failed runs, kept past
     * the run cap), read whole within the query's range and merged; the cursor applies to both.
     */
    List<ExecutionRecord> failedMatching(String jobId, HistoryQuery query, long wanted, Instant now, int maxFailures) {
        Map<String, ExecutionRecord> merged = new HashMap<>();
        for (ExecutionRecord r : matching(jobId, query, Long.MAX_VALUE, now)) {
            merged.put(r.executionId(), r);
        }
        ScanRequest range = firstRequest(jobId, query, 0);
        String key = keys.failuresKey(jobId);
        List<IndexEntry> entries = calls.call("findHistory",
                () -> store.failures(jobId, range.maxWithTies(), range.min(), maxFailures));
        if (entries == null) {
            throw new RedisHistoryException("Redis execution history: key '" + key
                    + "' holds bad data: it holds another Redis type", null, false);
        }
        Predicate<ExecutionRecord> matches = HistoryRules.matcher(query);
        Optional<HistoryCursor> cursor = HistoryCursor.of(query);
        for (IndexEntry entry : entries) {
            read(jobId, entry, true).map(r -> RecordRules.seenAt(r, now))
                    .filter(r -> matches.test(r) && cursor.map(c -> c.isBefore(r)).orElse(true))
                    .ifPresent(r -> merged.putIfAbsent(r.executionId(), r));
        }
        List<ExecutionRecord> all = new ArrayList<>(merged.values());
        all.sort(ExecutionRecord.NEWEST_FIRST);
        return all.size() > wanted ? new ArrayList<>(all.subList(0, (int) wanted)) : all;
    }

    private static ScanRequest firstRequest(String jobId, HistoryQuery query, long wanted) {
        // no run starts at an infinite time: entries scored +inf or -inf are planted, and are left out
        String max = query.to().map(to -> "(" + to.toEpochMilli()).orElse("(+inf");
        String min = query.from().map(from -> Long.toString(from.toEpochMilli())).orElse("(-inf");
        Long afterScore = null;
        String afterMember = null;
        Optional<HistoryCursor> decoded = HistoryCursor.of(query);
        if (decoded.isPresent()) {
            HistoryCursor cursor = decoded.get();
            long at = cursor.startMillis();
            if (query.to().isEmpty() || at < query.to().get().toEpochMilli()) {
                max = "(" + at; // a cursor at or past `to` leaves the whole range after it
                if (query.from().isEmpty() || at >= query.from().get().toEpochMilli()) {
                    afterScore = at; // runs tied with the cursor's start time may still follow it
                    afterMember = cursor.executionId();
                }
            }
        }
        ExecutionStatus status = query.status().orElse(null);
        String stored = status == null ? "" : status == ExecutionStatus.ABANDONED ? "running" : status.wireName();
        // Running and abandoned are told apart only after reading, so read all candidates of that stored status.
        boolean readAll = status == ExecutionStatus.RUNNING || status == ExecutionStatus.ABANDONED
                || wanted > READ_ALL_ABOVE;
        return new ScanRequest(jobId, max, min, afterScore, afterMember, readAll ? 0 : (int) wanted, stored);
    }

    /** The entry's record, in full or only what statistics need; empty (and logged) if it is not a run of the job. */
    private Optional<ExecutionRecord> read(String jobId, IndexEntry entry, boolean full) {
        String key = keys.recordKey(entry.member());
        if (entry.value() == null) {
            log.warn("Skipping Redis key {} of job '{}': it holds a value of the wrong type", key, jobId);
            return Optional.empty();
        }
        return parse(key, entry.value(), full).filter(r -> {
            if (r.jobId().equals(jobId) && r.executionId().equals(entry.member())) {
                return true;
            }
            log.warn("Skipping Redis key {}: it holds execution '{}' of job '{}', not a run of job '{}'", key,
                    r.executionId(), r.jobId(), jobId);
            return false;
        });
    }

    private static Optional<ExecutionRecord> parse(String key, String value, boolean full) {
        try {
            return Optional.of(full ? ExecutionRecordJson.fromJson(value) : ExecutionRecordJson.fromJsonForStatistics(value));
        } catch (IllegalArgumentException e) {
            log.warn("Skipping Redis key {}: its value is not a valid execution record ({})", key, e.getMessage());
            return Optional.empty();
        }
    }
}
