-- Standalone trim, after plain saves: removes the runs past the newest ARGV[1] from a job's index and deletes their
-- records, except a record that now holds another job's run (its execution id was reused) or another type.
-- KEYS[1] the job's index
-- ARGV[1] runs kept per job, ARGV[2] record key prefix, ARGV[3] job fragment
-- Returns the number of entries removed from the index.
-- Fails with WRONGTYPE, writing nothing, if the index holds another type.
-- @include encode
-- @include belongs
local past = redis.call('ZRANGE', KEYS[1], 0, -tonumber(ARGV[1]) - 1)
for from = 1, #past, 500 do
  local members, keys = {}, {}
  for i = from, math.min(from + 499, #past) do
    members[#members + 1] = past[i]
    keys[#keys + 1] = ARGV[2] .. encode(past[i])
  end
  redis.call('ZREM', KEYS[1], unpack(members))
  local values = redis.call('MGET', unpack(keys))
  local doomed = {}
  for i = 1, #keys do
    if values[i] and belongs(values[i], ARGV[3]) then doomed[#doomed + 1] = keys[i] end
  end
  if #doomed > 0 then redis.call('DEL', unpack(doomed)) end
end
return #past
