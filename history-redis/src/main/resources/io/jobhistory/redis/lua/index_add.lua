-- Cluster save, step 1: indexes a run. Retention is applied by the caller: it deletes the records of the members
-- returned, then removes them from the index, so a record is never outside its index even when a step fails.
-- KEYS[1] the job's index
-- ARGV[1] score (start epoch ms), ARGV[2] execution id, ARGV[3] runs kept per job, ARGV[4] index TTL ms,
-- ARGV[5] running (1/0), ARGV[6] renew (1 to renew the index TTL)
-- Returns {created (1/0), oldest member over the limit, ...}.
-- Fails with WRONGTYPE, writing nothing, if the index holds another type.
local n = redis.call('ZCARD', KEYS[1])
local added
if ARGV[5] == '1' then
  added = redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
else
  added = redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
end
local out = {n == 0 and 1 or 0}
local over = n + added - tonumber(ARGV[3])
if over > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  for i = 1, #oldest do out[#out + 1] = oldest[i] end
end
if ARGV[6] == '1' or n == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return out
