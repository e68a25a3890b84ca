-- Standalone delete of one run, all at once: removes it from the index and the failures and deletes its record if it
-- holds a run of this job (a record of that id under another job is left alone). A job whose index is left empty
-- leaves the job ids. An index or job ids of another type is left alone. The caller trimmed the entries past the cap
-- just before (counting them as they left), so none comes back within it; one a save added since stays
-- past it (not retained).
-- KEYS[1] the record key, KEYS[2] the job's index, KEYS[3] job ids, KEYS[4] the job's failures
-- ARGV[1] execution id, ARGV[2] job fragment, ARGV[3] job id, ARGV[4] runs kept per job
-- Returns 1 if a record of a retained run of the job was deleted, else 0.
-- @include typed
-- @include delete_if_job
local retained = 1
local size = typed('ZCARD', KEYS[2])
if size then
  local rank = redis.call('ZREVRANK', KEYS[2], ARGV[1])
  if rank and rank >= tonumber(ARGV[4]) and not typed('ZSCORE', KEYS[4], ARGV[1]) then retained = 0 end
  redis.call('ZREM', KEYS[2], ARGV[1])
  if redis.call('ZCARD', KEYS[2]) == 0 then typed('ZREM', KEYS[3], ARGV[3]) end
end
typed('ZREM', KEYS[4], ARGV[1])
return delete_if_job(KEYS[1], ARGV[1], ARGV[2]) * retained
