-- Standalone delete of a job's history.
-- KEYS[1] the job's index, KEYS[2] job ids
-- ARGV[1] record key prefix, ARGV[2] job fragment, ARGV[3] job id
-- Returns how many records were deleted; an index or job ids of another type is left alone.
-- @include encode
-- @include typed
-- @include delete_if_job
local members = typed('ZRANGE', KEYS[1], 0, -1)
local n = 0
if members then
  for _, m in ipairs(members) do n = n + delete_if_job(ARGV[1] .. encode(m), m, ARGV[2]) end
  redis.call('DEL', KEYS[1])
end
typed('ZREM', KEYS[2], ARGV[3])
return n
