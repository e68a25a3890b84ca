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
              return (string.gsub(id, '[^A-Za-z0-9._%-]', function(c) return string.format('%%%02X', string.byte(c)) end))
            end
            local function status_of(value)
              return string.match(value, '"status":"([%l_]+)"')
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
            local function extend_ttl(key, ttl)
              if redis.call('PTTL', key) < tonumber(ttl) then redis.call('PEXPIRE', key, ttl) end
            end
            local function finished_at(key)
              local old = redis.pcall('GET', key)
              if type(old) ~= 'string' then return false end
              local s = status_of(old)
              return s == 'success' or s == 'partial_success' or s == 'failed'
            end
            local function write_record(key, json, ttl, running)
              if running == '1' and finished_at(key) then return 0 end
              redis.call('SET', key, json, 'PX', ttl)
              return 1
            end
            local function index_add(index, score, member, cap, ttl, running)
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
              local over = redis.call('ZCARD', index) - tonumber(cap)
              if over > 0 then
                local popped = redis.call('ZPOPMIN', index, over)
                for i = 1, #popped, 2 do trimmed[#trimmed + 1] = popped[i] end
              end
              redis.call('PEXPIRE', index, ttl)
              return trimmed
            end
            local function now_millis()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function job_seen(jobs, job_id, ttl)
              redis.call('ZADD', jobs, 'GT', now_millis() + tonumber(ttl), job_id)
              extend_ttl(jobs, ttl)
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
     * cap, job id, record key prefix, job fragment. Returns 1 if written, 0 if a finished record was kept.
     */
    static final Script SAVE = new Script("save", FUNCTIONS + """
            if ARGV[3] == '1' and finished_at(KEYS[1]) then return 0 end
            local trimmed = index_add(KEYS[2], ARGV[4], ARGV[5], ARGV[6], ARGV[2], ARGV[3])
            if trimmed['err'] then return trimmed end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            for _, m in ipairs(trimmed) do delete_if_job(ARGV[8] .. encode(m), ARGV[9]) end
            job_seen(KEYS[3], ARGV[7], ARGV[2])
            return 1
            """);

    /** Cluster save, part 1: KEYS: record. ARGV: json, ttl ms, running. Returns 1 if written, 0 if kept. */
    static final Script WRITE_RECORD = new Script("write-record", FUNCTIONS + """
            return write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            """);

    /** Cluster save, part 2: KEYS: index. ARGV: score, member, cap, ttl ms, running. Returns the trimmed members. */
    static final Script INDEX_ADD = new Script("index-add", FUNCTIONS + """
            return index_add(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
            """);

    /** Cluster save, part 3: KEYS: job ids. ARGV: job id, ttl ms. */
    static final Script JOB_SEEN = new Script("job-seen", FUNCTIONS + """
            job_seen(KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    /** KEYS: record. ARGV: job fragment. Deletes the record unless it belongs to another job; returns 1 if deleted. */
    static final Script DELETE_IF_JOB = new Script("delete-if-job", FUNCTIONS + """
            return delete_if_job(KEYS[1], ARGV[1])
            """);

    /** KEYS: job ids. Returns the ids of jobs whose newest save has not expired, by the server's clock. */
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
     * Standalone history read, one round trip. KEYS: index. ARGV: record key prefix, max score, min score, cursor score
     * ('' for none), cursor member, count (0 for all), status the stored value must have ('' for any), job fragment.
     * Walks the index newest first, skips what the cursor already returned, removes entries whose record expired or
     * moved to another job, and returns {more, member, score, value, ...}: value is false (nil) for a key of the wrong
     * type, which does not count; more is 1 if it stopped at {@code count} with entries left, -1 if the index is not a
     * sorted set.
     */
    static final Script HISTORY = new Script("history", FUNCTIONS + """
            local range = redis.pcall('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES')
            if range['err'] then return {-1} end
            local members, scores = {}, {}
            local has_after = ARGV[4] ~= ''
            local after = tonumber(ARGV[4])
            for i = 1, #range, 2 do
              local member, score = range[i], range[i + 1]
              if not (has_after and tonumber(score) == after and not before(member, ARGV[5])) then
                members[#members + 1] = member
                scores[#scores + 1] = score
              end
            end
            local out = {0}
            local count = tonumber(ARGV[6])
            local status = ARGV[7]
            local found = 0
            local pos = 1
            while pos <= #members do
              if count > 0 and found >= count then
                out[1] = 1
                break
              end
              local take = #members - pos + 1
              if count > 0 and status == '' then take = math.min(take, count - found) end
              take = math.min(take, 500)
              local keys = {}
              for i = 1, take do keys[i] = ARGV[1] .. encode(members[pos + i - 1]) end
              local values = redis.call('MGET', unpack(keys))
              for j = 1, take do
                local i = pos + j - 1
                local value = values[j]
                if not value then
                  if redis.call('EXISTS', keys[j]) == 1 then
                    if count == 0 or found < count then
                      out[#out + 1] = members[i]
                      out[#out + 1] = scores[i]
                      out[#out + 1] = false
                    end
                  else
                    redis.call('ZREM', KEYS[1], members[i])
                  end
                elseif not belongs(value, ARGV[8]) then
                  redis.call('ZREM', KEYS[1], members[i])
                elseif status == '' or status_of(value) == status then
                  if count > 0 and found >= count then
                    out[1] = 1
                    break
                  end
                  out[#out + 1] = members[i]
                  out[#out + 1] = scores[i]
                  out[#out + 1] = value
                  found = found + 1
                end
              end
              pos = pos + take
            end
            return out
            """);
}
