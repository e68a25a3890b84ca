-- Standalone delete of one run, all at once (the job record's newest run is moved after it, by job_last_run.lua).
-- KEYS[1] the record key, KEYS[2] the job's index, KEYS[3] job ids, KEYS[4] the job's failures
-- ARGV[1] execution id, ARGV[2] job fragment, ARGV[3] job id, ARGV[4] record key prefix, ARGV[5] runs kept per job
-- First trims the entries past the newest ARGV[5] (plain saves trim in steps; reads already leave them out), so that
-- none of them is read again once the index is one run shorter; records of runs kept as failures stay. Then removes
-- the run from the index and the failures and deletes its record if it holds a run of this job (a record of that id
-- under another job is left alone). A job whose index is left empty leaves the job ids. An index or job ids of
-- another type is left alone.
-- Returns 1 if a record of a retained run of the job was deleted, else 0.
-- @include encode
-- @include typed
-- @include delete_if_job
local size = typed('ZCARD', KEYS[2])
if size then
  local over = size - tonumber(ARGV[5])
  if over > 0 then
    local popped = redis.call('ZPOPMIN', KEYS[2], over)
    for i = 1, #popped, 2 do
      if not typed('ZSCORE', KEYS[4], popped[i]) then
        delete_if_job(ARGV[4] .. encode(popped[i]), popped[i], ARGV[2])
      end
    end
  end
  redis.call('ZREM', KEYS[2], ARGV[1])
  if redis.call('ZCARD', KEYS[2]) == 0 then typed('ZREM', KEYS[3], ARGV[3]) end
end
typed('ZREM', KEYS[4], ARGV[1])
-- a run popped above as past the cap had its record deleted there: it reads as not retained
return delete_if_job(KEYS[1], ARGV[1], ARGV[2])
