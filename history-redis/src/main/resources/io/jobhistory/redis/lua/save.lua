-- Standalone save: writes a record, indexes it, applies retention, all or nothing where it can check first.
-- KEYS[1] record key, KEYS[2] the job's index, KEYS[3] job ids
-- ARGV[1] record JSON, ARGV[2] record TTL ms, ARGV[3] running (1/0), ARGV[4] score (start epoch ms),
-- ARGV[5] execution id, ARGV[6] runs kept per job, ARGV[7] job id, ARGV[8] record key prefix,
-- ARGV[9] job fragment, ARGV[10] renew (1 to renew the index TTL and the job-id entry), ARGV[11] index TTL ms
-- Returns 1 if the record was written, 0 if a finished record was kept.
-- Fails with WRONGTYPE, before writing anything, if the index or (when it is touched) the job ids hold another type.
-- @include encode
-- @include job_seen
-- @include write_record
-- @include delete_if_job
local n = redis.call('ZCARD', KEYS[2])
local fresh = n == 0
local renew = ARGV[10] == '1' or fresh
if renew then job_seen(KEYS[3], ARGV[7], ARGV[11]) end
local added
if ARGV[3] == '1' then
  added = redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[5])
else
  added = redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
end
local written = write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
local over = n + added - tonumber(ARGV[6])
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #popped, 2 do delete_if_job(ARGV[8] .. encode(popped[i]), popped[i], ARGV[9]) end
end
if renew then redis.call('PEXPIRE', KEYS[2], ARGV[11]) end
return written
