-- A job's record and statistics as kept, with the runs still in its index (both topologies, one slot): the caller
-- reads their records and adds them, as job_fold.lua adds each run once it leaves the index. One script, so no run is
-- folded between the reads of the counts and of the index.
-- KEYS[1] the job's index, KEYS[2] its job record, KEYS[3] its statistics
-- ARGV[1] 1 to read the statistics, 0 not to
-- Returns {1, job record fields and values, statistics fields and values, index members newest first}, or {-1, i}
-- if KEYS[i] holds another type.
-- @include typed
local rec = typed('HGETALL', KEYS[2])
if not rec then return {-1, 2} end
local stats = {}
if ARGV[1] == '1' then
  stats = typed('HGETALL', KEYS[3])
  if not stats then return {-1, 3} end
end
local members = typed('ZRANGE', KEYS[1], 0, -1)
if not members then return {-1, 1} end
local newest = {}
for i = #members, 1, -1 do newest[#newest + 1] = members[i] end
return {1, rec, stats, newest}
