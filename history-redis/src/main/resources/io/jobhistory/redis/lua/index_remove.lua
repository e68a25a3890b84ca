-- Cluster delete of one run, step 2 (step 1, delete_if_job.lua, deleted its record): removes the run from its job's
-- index and failures.
-- KEYS[1] the job's index, KEYS[2] its failures
-- ARGV[1] execution id
-- Returns how many entries the index has left, or -1 if it holds another type (left alone).
-- @include typed
typed('ZREM', KEYS[2], ARGV[1])
local size = typed('ZCARD', KEYS[1])
if not size then return -1 end
return size - redis.call('ZREM', KEYS[1], ARGV[1])
