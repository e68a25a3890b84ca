-- Claims slots of a job's statistics ring for their periods (both topologies; once per job and period from each
-- instance, before its first increment there): a slot that holds another period is zeroed and tagged, and that
-- period's maximum leaves the maxima. Also names the job and renews the TTLs of its statistics, maxima and job record.
-- KEYS[1] its statistics (a string of fixed slots, BITFIELD), KEYS[2] its maxima (a sorted set), KEYS[3] its job record
-- ARGV[1] TTL ms, ARGV[2] job name, ARGV[3] slot size in bytes, then triples: slot offset in bytes, period (hours or
-- days since the epoch), its field prefix ('h' or 'd')
-- Returns 1; fails with WRONGTYPE, writing nothing, if a key holds another type.
-- @include typed
if not typed('STRLEN', KEYS[1]) or not typed('ZCARD', KEYS[2]) or not typed('HLEN', KEYS[3]) then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local zeros = string.rep('\0', tonumber(ARGV[3]))
for i = 4, #ARGV, 3 do
  local at = tonumber(ARGV[i])
  local period = tonumber(ARGV[i + 1])
  local held = redis.call('BITFIELD', KEYS[1], 'GET', 'u32', at * 8)[1]
  if held ~= period then
    redis.call('SETRANGE', KEYS[1], at, zeros)
    redis.call('BITFIELD', KEYS[1], 'SET', 'u32', at * 8, period)
    if held ~= 0 then redis.call('ZREM', KEYS[2], ARGV[i + 2] .. held) end
  end
end
redis.call('HSET', KEYS[3], 'name', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[1])
return 1
