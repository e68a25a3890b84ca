-- Cluster retention, last step: removes runs past the cap from a job's index, all or none, so each run leaves once and
-- is counted once, by the caller that removed it (a single server does the same in MULTI with the increments).
-- KEYS[1] the job's index
-- ARGV the runs
-- Returns how many it removed; {1 or 0 per run: whether still in the index} if not all are (nothing done); -1 if the
-- index holds another type (nothing done).
-- @include typed
local scores = typed('ZMSCORE', KEYS[1], unpack(ARGV))
if not scores then return -1 end
for i = 1, #ARGV do
  if not scores[i] then
    local flags = {}
    for j = 1, #ARGV do flags[j] = scores[j] and 1 or 0 end
    return flags
  end
end
redis.call('ZREM', KEYS[1], unpack(ARGV))
return #ARGV
