-- Standalone history read, one round trip.
-- KEYS[1] the job's index
-- ARGV[1] record key prefix, ARGV[2] max score, ARGV[3] min score (Redis syntax; the registry excludes +inf and
-- -inf, which no run has), ARGV[4] tie score ('' for none), ARGV[5] tie member, ARGV[6] count (0 for all),
-- ARGV[7] stored status a record must have ('' for any), ARGV[8] runs kept per job
-- Reads the index newest first without scores: first the entries at the tie score that sort before the tie member,
-- then [min, max], in batches read with one MGET each. Entries past the newest ARGV[8] (plain saves trim in steps)
-- are left out. Removes entries whose record expired; a record that now belongs to another job is returned, for the
-- registry to skip.
-- Returns {more, resume score, member, value, ...}: value is false for a key of another type (it does not count);
-- more is 1 if it stopped at count, with the score of the last member returned; {-1} if the index holds another type.
-- @include encode
-- @include typed
-- @include status_of
-- @include before
local index, prefix = KEYS[1], ARGV[1]
local count = tonumber(ARGV[6])
local status = ARGV[7]
local size = typed('ZCARD', index)
if not size then return {-1} end
local past = {}
if size > tonumber(ARGV[8]) then
  for _, m in ipairs(redis.call('ZRANGE', index, 0, size - tonumber(ARGV[8]) - 1)) do past[m] = true end
end
local ties = {}
if ARGV[4] ~= '' then
  local r = redis.call('ZREVRANGEBYSCORE', index, ARGV[4], ARGV[4])
  for _, m in ipairs(r) do
    if before(m, ARGV[5]) and not past[m] then ties[#ties + 1] = m end
  end
end
local out = {0, false}
local found, offset, tie_at = 0, 0, 1
local exhausted, done = false, false
local last, stale = nil, {}
while not done do
  local want = 500
  if count > 0 and status == '' then want = math.min(want, count - found) end
  local batch = {}
  while #batch < want and tie_at <= #ties do
    batch[#batch + 1] = ties[tie_at]
    tie_at = tie_at + 1
  end
  if #batch < want and not exhausted then
    local r = redis.call('ZREVRANGEBYSCORE', index, ARGV[2], ARGV[3], 'LIMIT', offset, want - #batch)
    if #r < want - #batch then exhausted = true end
    offset = offset + #r
    for _, m in ipairs(r) do
      if past[m] then exhausted = true break end -- the oldest entries: all that follow are past the cap too
      batch[#batch + 1] = m
    end
  end
  if #batch == 0 then break end
  local keys = {}
  for i = 1, #batch do keys[i] = prefix .. encode(batch[i]) end
  local values = redis.call('MGET', unpack(keys))
  for i = 1, #batch do
    if count > 0 and found >= count then
      out[1] = 1
      done = true
      break
    end
    local value = values[i]
    if not value then
      if redis.call('EXISTS', keys[i]) == 1 then
        out[#out + 1] = batch[i]
        out[#out + 1] = false
        last = batch[i]
      else
        stale[#stale + 1] = batch[i]
      end
    elseif status == '' or status_of(value) == status then
      out[#out + 1] = batch[i]
      out[#out + 1] = value
      found = found + 1
      last = batch[i]
    end
  end
  if not done and count > 0 and found >= count and (tie_at <= #ties or not exhausted) then
    out[1] = 1
    done = true
  end
end
for from = 1, #stale, 500 do
  redis.call('ZREM', index, unpack(stale, from, math.min(from + 499, #stale)))
end
if out[1] == 1 and last then out[2] = redis.call('ZSCORE', index, last) end
return out
