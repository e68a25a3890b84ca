-- Cluster save, step 1: indexes a run. Retention is applied by the caller: it reads and deletes the records of the
-- members returned (not those kept as failures), then takes them out of the index (job_take.lua), so a record is never
-- outside its index even when a step fails.
-- KEYS[1] the job's index, KEYS[2] its failures
-- ARGV[1] score (start epoch ms), ARGV[2] execution id, ARGV[3] runs kept per job, ARGV[4] index TTL ms,
-- ARGV[5] running (1/0), ARGV[6] renew (1 to renew the index TTL)
-- Returns {created (1/0), {members over the limit, oldest first}, {1 if kept as a failure else 0, for each},
-- {their scores}}.
-- Fails with WRONGTYPE, writing nothing, if the index holds another type.
local n = redis.call('ZCARD', KEYS[1])
local added
if ARGV[5] == '1' then
  added = redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
else
  added = redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
end
local past, kept, scores = {}, {}, {}
local over = n + added - tonumber(ARGV[3])
if over > 0 then
  local flat = redis.call('ZRANGE', KEYS[1], 0, over - 1, 'WITHSCORES')
  for i = 1, #flat, 2 do past[#past + 1] = flat[i]; scores[#scores + 1] = flat[i + 1] end
  local ok, failures = pcall(redis.call, 'ZMSCORE', KEYS[2], unpack(past))
  for i = 1, #past do kept[i] = (ok and failures[i]) and 1 or 0 end
end
if ARGV[6] == '1' or n == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return {n == 0 and 1 or 0, past, kept, scores}
