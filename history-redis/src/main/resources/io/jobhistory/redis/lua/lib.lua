-- Helpers spliced in front of every script by LuaScripts (Redis 6.2 has no function libraries to share them).
-- Nothing read from Redis is evaluated: values are only compared as strings.

-- The key form of an id, as RedisKeys.encode makes it: every byte outside [A-Za-z0-9._-] percent-encoded.
local function encode(id)
  if not string.find(id, '[^A-Za-z0-9._%-]') then return id end
  return (string.gsub(id, '[^A-Za-z0-9._%-]', function(c) return string.format('%%%02X', string.byte(c)) end))
end

-- Raises a Redis error reply so the script fails with it: Redis 7 keeps the reply as it is; Redis 6.2 takes only
-- a string (its text then follows "Error running script").
local function raise(reply)
  if redis.REDIS_VERSION then error(reply) end
  error(reply['err'])
end

-- redis.pcall that lets only a real WRONGTYPE through, as nil: any other error (NOPERM, OOM, ...) fails the script.
local function typed(...)
  local reply = redis.pcall(...)
  if type(reply) == 'table' and reply['err'] then
    if string.sub(reply['err'], 1, 9) == 'WRONGTYPE' then return nil end
    raise(reply)
  end
  return reply
end

-- The stored status of a record's JSON. ExecutionRecordJson writes "status" before any user text (attributes,
-- errors, stack trace), and escapes every quote inside strings, so the first match is the field itself
-- (RecordJsonLayoutTest fails if the codec's field order changes).
local function status_of(value)
  return string.match(value, '"status":"([%l_]+)"')
end

local function is_finished(status)
  return status == 'success' or status == 'partial_success' or status == 'failed' or status == 'skipped'
end

-- Whether a record's JSON belongs to the job whose JobFragment (,"job_id":"<id>","job_name":) is given; the codec
-- writes job_id right after execution_id, before any user text.
local function belongs(value, fragment)
  local at = string.find(value, ',"job_id":', 1, true)
  return at ~= nil and string.sub(value, at, at + #fragment - 1) == fragment
end

-- Whether id a sorts before id b byte by byte (UTF-8 byte order is code-point order).
local function before(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

local function now_millis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Writes a record. A running copy never replaces a finished record (finished is final).
-- Returns 1 if written, 0 if a finished record was kept.
local function write_record(key, json, ttl, running)
  if running == '1' then
    if redis.call('SET', key, json, 'PX', ttl, 'NX') then return 1 end
    local old = typed('GET', key)
    if old and is_finished(status_of(old)) then return 0 end
  end
  redis.call('SET', key, json, 'PX', ttl)
  return 1
end

-- Lists a job in the job ids until its newest save expires (server clock); drops expired entries when a job is new.
local function job_seen(jobs, job_id, ttl)
  local now = now_millis()
  if redis.call('ZADD', jobs, 'GT', now + tonumber(ttl), job_id) == 1 then
    redis.call('ZREMRANGEBYSCORE', jobs, '-inf', now)
  end
end

-- Deletes a record unless it holds another job's run (or another type). Reads only the head of the value, where the
-- codec writes execution_id and job_id (escaping can make each character of an id up to 6 bytes long).
-- Returns 1 if deleted.
local function delete_if_job(key, member, fragment)
  local head = typed('GETRANGE', key, 0, 32 + 6 * #member + #fragment)
  if not head or head == '' or not belongs(head, fragment) then return 0 end
  return redis.call('DEL', key)
end
