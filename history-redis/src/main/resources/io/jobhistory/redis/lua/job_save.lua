-- The job-level step of a save (cluster: step 1, on the job's slot; single server: beside a plain SET of the record).
-- KEYS[1] the job's index, KEYS[2] its failures, KEYS[3] its job record, KEYS[4] its statistics, KEYS[5] its counted
-- ids, KEYS[6] job ids (single server only)
-- ARGV as include/job_step.lua's A.
-- Returns {created (1/0), index size, {past the cap}, {records to delete}, {failures evicted}}.
-- Fails with WRONGTYPE, writing nothing, if a key of the job holds another type.
-- @include job_step
local out = job_step(KEYS, ARGV)
if out[1] == -1 then return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value') end
return out
