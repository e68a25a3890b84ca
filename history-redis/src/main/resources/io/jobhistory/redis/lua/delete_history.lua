-- Standalone delete of a job's history.
-- KEYS[1] the job's index, KEYS[2] job ids, KEYS[3] its failures, KEYS[4] its job record, KEYS[5] its statistics,
-- KEYS[6] its maxima
-- ARGV[1] record key prefix, ARGV[2] job fragment, ARGV[3] job id, ARGV[4] runs kept per job
-- Returns how many records of retained runs were deleted (not counting entries past the cap, which wait to be
-- trimmed and which reads leave out, unless kept as failures); an index or job ids of another type is left alone.
-- @include encode
-- @include typed
-- @include delete_if_job
local members = typed('ZRANGE', KEYS[1], 0, -1)
local failures = typed('ZRANGE', KEYS[3], 0, -1) or {}
local kept = {}
for _, m in ipairs(failures) do kept[m] = true end
local n = 0
if members then
  local past = #members - tonumber(ARGV[4])
  for i, m in ipairs(members) do
    local deleted = delete_if_job(ARGV[1] .. encode(m), m, ARGV[2])
    if i > past or kept[m] then n = n + deleted end
    kept[m] = nil
  end
  redis.call('DEL', KEYS[1])
end
for _, m in ipairs(failures) do
  if kept[m] then n = n + delete_if_job(ARGV[1] .. encode(m), m, ARGV[2]) end
end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
typed('ZREM', KEYS[2], ARGV[3])
return n
