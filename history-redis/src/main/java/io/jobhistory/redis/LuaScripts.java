package io.jobhistory.redis;

/**
 * The Lua scripts. They only read and compare strings (nothing read from Redis is evaluated) and use only commands
 * Redis 6.2 has. Scripts used on a cluster touch only the keys they declare; the standalone ones also build record keys
 * from index members, which a single server allows.
 */
final class LuaScripts {

    private LuaScripts() {
    }

    /** Helpers shared by the scripts. */
    private static final String FUNCTIONS = """
            local function encode(id)
              if not string.find(id, '[^A-Za-z0-9._%-]') then return id end
              return (string.gsub(id, '[^A-Za-z0-9._%-]', function(c) return string.format('%%%02X', string.byte(c)) end))
            end
            local function status_of(value)
              return string.match(value, '"status"%s*:%s*"([%l_]+)"')
            end
            local function belongs(value, fragment)
              local at = string.find(value, ',"job_id":', 1, true)
              return at == nil or string.sub(value, at, at + #fragment - 1) == fragment
            end
            local function before(a, b)
              local n = math.min(#a, #b)
              for i = 1, n do
                local x, y = string.byte(a, i), string.byte(b, i)
                if x ~= y then return x < y end
              end
              return #a < #b
            end
            local function finished_at(key)
              local old = redis.pcall('GET', key)
              if type(old) ~= 'string' then return false end
              local s = status_of(old)
              return s == 'success' or s == 'partial_success' or s == 'failed'
            end
            local function write_record(key, json, ttl, running)
              if running == '1' then
                if redis.call('SET', key, json, 'PX', ttl, 'NX') then return 1 end
                if finished_at(key) then return 0 end
              end
              redis.call('SET', key, json, 'PX', ttl)
              return 1
            end
            local function index_add(index, score, member, cap, ttl, running, refresh)
              local added
              if running == '1' then
                added = redis.pcall('ZADD', index, 'NX', score, member)
              else
                added = redis.pcall('ZADD', index, score, member)
              end
              if type(added) == 'table' and added['err'] then
                return redis.error_reply('WRONGTYPE history index ' .. index .. ' is not a sorted set')
              end
              local trimmed = {}
              local n = redis.call('ZCARD', index)
              local over = n - tonumber(cap)
              if over > 0 then
                local popped = redis.call('ZPOPMIN', index, over)
                for i = 1, #popped, 2 do trimmed[#trimmed + 1] = popped[i] end
              end
              local created = n == 1
              if refresh == '1' or created then redis.call('PEXPIRE', index, ttl) end
              return trimmed, created
            end
            local function now_millis()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function job_seen(jobs, job_id, ttl)
              local now = now_millis()
              if redis.call('ZADD', jobs, 'GT', now + tonumber(ttl), job_id) == 1 then
                redis.call('ZREMRANGEBYSCORE', jobs, '-inf', now)
              end
            end
            local function delete_if_job(key, fragment)
              local value = redis.pcall('GET', key)
              if not value then return 0 end
              if type(value) == 'string' and not belongs(value, fragment) then return 0 end
              return redis.call('DEL', key)
            end
            """;

    /**
     * Standalone save, one round trip. KEYS: record, index, job ids. ARGV: json, ttl ms, running (1/0), score, member,
     * cap, job id, record key prefix, job fragment, refresh (1 to renew the index TTL and the
     * job-id entry, which a new index gets anyway), index and job-id TTL ms. Returns 1 if written, 0 if a finished record was kept.
     */
    static final Script SAVE = new Script("save", FUNCTIONS + """
            local trimmed, created = index_add(KEYS[2], ARGV[4], ARGV[5], ARGV[6], ARGV[11], ARGV[3], ARGV[10])
            if trimmed['err'] then return trimmed end
            local written = write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            for _, m in ipairs(trimmed) do delete_if_job(ARGV[8] .. encode(m), ARGV[9]) end
            if ARGV[10] == '1' or created then job_seen(KEYS[3], ARGV[7], ARGV[11]) end
            return written
            """);

    /** Cluster save, part 1: KEYS: record. ARGV: json, ttl ms, running. Returns 1 if written, 0 if kept. */
    static final Script WRITE_RECORD = new Script("write-record", FUNCTIONS + """
            return write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            """);

    /**
     * Cluster save, part 2: KEYS: index. ARGV: score, member, cap, index ttl ms, running, refresh (1 to renew the TTL).
     * Returns {trimmed members, 1 if this created the index}.
     */
    static final Script INDEX_ADD = new Script("index-add", FUNCTIONS + """
            local trimmed, created = index_add(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
            if trimmed['err'] then return trimmed end
            return {trimmed, created and 1 or 0}
            """);

    /** Cluster save, part 3: KEYS: job ids. ARGV: job id, ttl ms. Scores by the server's clock. */
    static final Script JOB_SEEN = new Script("job-seen", FUNCTIONS + """
            job_seen(KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    /** KEYS: record. ARGV: job fragment. Deletes the record unless it belongs to another job; returns 1 if deleted. */
    static final Script DELETE_IF_JOB = new Script("delete-if-job", FUNCTIONS + """
            return delete_if_job(KEYS[1], ARGV[1])
            """);

    /** KEYS: job ids. Returns the ids of jobs whose history has not expired by the server's clock; drops the rest. */
    static final Script JOB_IDS = new Script("job-ids", FUNCTIONS + """
            local now = now_millis()
            local ids = redis.pcall('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
            if type(ids) == 'table' and ids['err'] then return {} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            return ids
            """);

    /**
     * Standalone delete, one round trip. KEYS: index, job ids. ARGV: record key prefix, job fragment, job id.
     * Returns how many records were deleted.
     */
    static final Script DELETE_HISTORY = new Script("delete-history", FUNCTIONS + """
            local members = redis.pcall('ZRANGE', KEYS[1], 0, -1)
            local n = 0
            if type(members) == 'table' and not members['err'] then
              for _, m in ipairs(members) do n = n + delete_if_job(ARGV[1] .. encode(m), ARGV[2]) end
              redis.call('DEL', KEYS[1])
            end
            redis.call('ZREM', KEYS[2], ARGV[3])
            return n
            """);

    /**
     * Standalone history read, one round trip. KEYS: index. ARGV: record key prefix, max score, min score, tie score
     * ('' for none), tie member, count (0 for all), status the stored value must have ('' for any).
     * Reads the index newest first without scores (formatting scores is what costs in Redis): first the entries at the
     * tie score that sort before the tie member, then {@code [min, max]}, in batches read with one MGET each. Drops
     * entries whose record expired; a record that now belongs to another job is returned, for the registry to skip.
     * Returns {more, resume score, member, value, ...}: value is
     * false for a key of the wrong type, which does not count; more is 1 if it stopped at {@code count}, with the
     * score of the last member returned; -1 if the index is not a sorted set.
     */
    static final Script HISTORY = new Script("history", FUNCTIONS + """
            local index, prefix = KEYS[1], ARGV[1]
            local count = tonumber(ARGV[6])
            local status = ARGV[7]
            local ties = {}
            if ARGV[4] ~= '' then
              local r = redis.pcall('ZREVRANGEBYSCORE', index, ARGV[4], ARGV[4])
              if r['err'] then return {-1} end
              for _, m in ipairs(r) do
                if before(m, ARGV[5]) then ties[#ties + 1] = m end
              end
            end
            local out = {0, false}
            local found, offset, tie_at = 0, 0, 1
            local exhausted, done = false, false
            local last, stale = nil, {}
            while not done do
              local want = 500
              if count > 0 and status == '' then want = math.min(want, count - found) end
              local batch = {}
              while #batch < want and tie_at <= #ties do
                batch[#batch + 1] = ties[tie_at]
                tie_at = tie_at + 1
              end
              if #batch < want and not exhausted then
                local r = redis.pcall('ZREVRANGEBYSCORE', index, ARGV[2], ARGV[3], 'LIMIT', offset, want - #batch)
                if r['err'] then return {-1} end
                if #r < want - #batch then exhausted = true end
                offset = offset + #r
                for _, m in ipairs(r) do batch[#batch + 1] = m end
              end
              if #batch == 0 then break end
              local keys = {}
              for i = 1, #batch do keys[i] = prefix .. encode(batch[i]) end
              local values = redis.call('MGET', unpack(keys))
              for i = 1, #batch do
                if count > 0 and found >= count then
                  out[1] = 1
                  done = true
                  break
                end
                local value = values[i]
                if not value then
                  if redis.call('EXISTS', keys[i]) == 1 then
                    out[#out + 1] = batch[i]
                    out[#out + 1] = false
                    last = batch[i]
                  else
                    stale[#stale + 1] = batch[i]
                  end
                elseif status == '' or status_of(value) == status then
                  out[#out + 1] = batch[i]
                  out[#out + 1] = value
                  found = found + 1
                  last = batch[i]
                end
              end
              if not done and count > 0 and found >= count and (tie_at <= #ties or not exhausted) then
                out[1] = 1
                done = true
              end
            end
            for from = 1, #stale, 500 do
              redis.call('ZREM', index, unpack(stale, from, math.min(from + 499, #stale)))
            end
            if out[1] == 1 and last then out[2] = redis.call('ZSCORE', index, last) end
            return out
            """);
}
