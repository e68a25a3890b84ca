-- Standalone delete of a job's history.
-- KEYS[1] the job's index, KEYS[2] job ids
-- ARGV[1] record key prefix, ARGV[2] job fragment, ARGV[3] job id, ARGV[4] runs kept per job
-- Returns how many records of retained runs were deleted (not counting entries past the cap, which wait to be
-- trimmed and which reads leave out); an index or job ids of another type is left alone.
-- @include encode
-- @include typed
-- @include delete_if_job
local members = typed('ZRANGE', KEYS[1], 0, -1)
local n = 0
if members then
  local past = #members - tonumber(ARGV[4])
  for i, m in ipairs(members) do
    local deleted = delete_if_job(ARGV[1] .. encode(m), m, ARGV[2])
    if i > past then n = n + deleted end
  end
  redis.call('DEL', KEYS[1])
end
typed('ZREM', KEYS[2], ARGV[3])
return n
