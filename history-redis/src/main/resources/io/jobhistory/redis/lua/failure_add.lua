-- Keeps a failed run in its job's failures (both topologies): adds it, renews the TTL, and evicts the oldest past the
-- limit. An evicted run still in the index is left to retention (which deletes its record when it trims it); the
-- records of the others are the caller's to delete (delete_if_job.lua), as a cluster keeps them in other slots.
-- KEYS[1] the job's failures, KEYS[2] its index
-- ARGV[1] score (start epoch ms), ARGV[2] execution id, ARGV[3] failures kept, ARGV[4] TTL ms
-- Returns the evicted members that are not in the index.
-- Fails with WRONGTYPE, writing nothing, if the failures hold another type.
-- @include typed
local n = typed('ZCARD', KEYS[1])
if not n then return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value') end
local added = redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local over = n + added - tonumber(ARGV[3])
local out = {}
if over > 0 then
  local evicted = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREM', KEYS[1], unpack(evicted))
  for _, m in ipairs(evicted) do
    if not typed('ZSCORE', KEYS[2], m) then out[#out + 1] = m end
  end
end
return out
