-- Whether a record's JSON belongs to the job whose JobFragment (,"job_id":"<id>","job_name":) is given; the codec
-- writes job_id right after execution_id, before any user text.
local function belongs(value, fragment)
  local at = string.find(value, ',"job_id":', 1, true)
  return at ~= nil and string.sub(value, at, at + #fragment - 1) == fragment
end
