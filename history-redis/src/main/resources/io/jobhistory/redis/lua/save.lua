-- Standalone save of a running record, or of one that renews its job: writes the record and indexes it (a running
-- record never replaces a finished one) and renews the job's TTLs. Retention is the stepped trim's, as for plain saves.
-- KEYS[1] record key, KEYS[2] the job's index, KEYS[3] job ids
-- ARGV[1] record JSON, ARGV[2] record TTL ms, ARGV[3] running (1/0), ARGV[4] score (start epoch ms),
-- ARGV[5] execution id, ARGV[6] job id, ARGV[7] renew (1 to renew the index TTL and the job-id entry),
-- ARGV[8] index TTL ms
-- Returns {written (1, or 0 if a finished record was kept), the index's size after}.
-- Fails with WRONGTYPE, before writing anything, if the index or (when it is touched) the job ids hold another type.
-- @include job_seen
-- @include write_record
local n = redis.call('ZCARD', KEYS[2])
local renew = ARGV[7] == '1' or n == 0
if renew then job_seen(KEYS[3], ARGV[6], ARGV[8]) end
local added
if ARGV[3] == '1' then
  added = redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[5])
else
  added = redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
end
local written = write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if renew then redis.call('PEXPIRE', KEYS[2], ARGV[8]) end
return {written, n + added}
