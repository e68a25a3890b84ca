-- A job's record, statistics and maxima as kept, with the runs still in its index (both topologies, one slot): the
-- caller reads their records and adds them, as retention counts each run once it leaves the index. One script, so no
-- run is counted between the reads of the counts and of the index.
-- KEYS[1] the job's index, KEYS[2] its job record, KEYS[3] its statistics, KEYS[4] its maxima
-- ARGV[1] 1 to read the whole statistics ring, 0 for its totals only (the first 32 bytes)
-- Returns {1, job record fields and values, statistics bytes as numbers (each 4-byte big-endian word; missing
-- bytes are 0), maxima members and scores, index members newest first}, or {-1, i} if KEYS[i] holds another type.
-- @include typed
local rec = typed('HGETALL', KEYS[2])
if not rec then return {-1, 2} end
local words = {}
local ring
if ARGV[1] == '1' then ring = typed('GET', KEYS[3]) else ring = typed('GETRANGE', KEYS[3], 0, 31) end
if ring == nil then return {-1, 3} end
if ring then
  for at = 1, #ring, 4 do
    local a, b, c, d = string.byte(ring, at, at + 3)
    words[#words + 1] = (((a or 0) * 256 + (b or 0)) * 256 + (c or 0)) * 256 + (d or 0)
  end
end
local maxima = typed('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
if not maxima then return {-1, 4} end
local members = typed('ZRANGE', KEYS[1], 0, -1)
if not members then return {-1, 1} end
local newest = {}
for i = #members, 1, -1 do newest[#newest + 1] = members[i] end
return {1, rec, words, maxima, newest}
