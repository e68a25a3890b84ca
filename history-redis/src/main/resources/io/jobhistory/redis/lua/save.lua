-- Single-server save of a running record, or of one that renews its job: the job step and the record, trimmed at once.
-- KEYS[1] record key, KEYS[2] the job's index, KEYS[3] its failures, KEYS[4] its job record, KEYS[5] its statistics,
-- KEYS[6] its counted ids, KEYS[7] job ids
-- ARGV[1] record JSON, ARGV[2] record TTL ms, ARGV[3..] include/job_step.lua's A (trim mode 2)
-- Returns 1 if the record was written, 0 if a finished record was kept (or retention trimmed the run at once).
-- Fails with WRONGTYPE, before writing anything, if a key of the job or (when it is touched) the job ids hold another
-- type.
-- @include write_record
-- @include job_step
local A = {}
for i = 3, #ARGV do A[i - 2] = ARGV[i] end
local out, self_trimmed = job_step({KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]}, A)
if out[1] == -1 then return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value') end
if self_trimmed then return 0 end
return write_record(KEYS[1], ARGV[1], ARGV[2], A[5])
