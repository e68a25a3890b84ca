-- Retention's last step (both topologies): removes runs past the cap from a job's index and counts each run it removed
-- (once, whichever instance trims) into the job record's totals and the statistics, so what leaves the index is kept
-- as counts; reads add the runs still in the index. The caller read each run's record before deleting it.
-- KEYS[1] the job's index, KEYS[2] its job record, KEYS[3] its statistics
-- ARGV[1] oldest hour kept (hours since the epoch), ARGV[2] oldest day kept (days since the epoch), ARGV[3] TTL ms,
-- ARGV[4] job name, then 9 values per run: member, status ('' if not counted), hour, day (since the epoch),
-- duration ms ('' for none), histogram bucket, end ms ('' for none), error ('' for none), start ms
-- Returns how many runs it removed, or -1 if the index holds another type (nothing written). A job record or
-- statistics of another type are left alone (the runs are still removed).
-- @include typed
local COUNTED = {success = 'n_s', partial_success = 'n_p', failed = 'n_f', skipped = 'n_k'}
local AT = {success = 1, partial_success = 2, failed = 3, skipped = 4}
-- @include period
local members = {}
for i = 5, #ARGV, 9 do members[#members + 1] = ARGV[i] end
if #members == 0 then return 0 end
local scores = typed('ZMSCORE', KEYS[1], unpack(members))
if not scores then return -1 end
local rec = typed('HMGET', KEYS[2], 'n_s', 'n_p', 'n_f', 'n_k', 'ok_end', 'fail_end', 'err_start')
local stats_ok = typed('HLEN', KEYS[3]) ~= nil
local present, counts, deltas, fields = {}, {n_s = 0, n_p = 0, n_f = 0, n_k = 0}, {}, {}
local ok_end, fail_end = rec and tonumber(rec[5]), rec and tonumber(rec[6])
local err_start = rec and tonumber(rec[7])
local set = {}
local function delta(field)
  if not deltas[field] then deltas[field] = {c = {0, 0, 0, 0, 0, 0}, h = {}}; fields[#fields + 1] = field end
  return deltas[field]
end
for j, m in ipairs(members) do
  local b = 4 + (j - 1) * 9
  local status = ARGV[b + 2]
  if scores[j] then
    present[#present + 1] = m
    if AT[status] then
      counts[COUNTED[status]] = counts[COUNTED[status]] + 1
      local targets = {}
      if tonumber(ARGV[b + 3]) >= tonumber(ARGV[1]) then targets[#targets + 1] = delta('h' .. ARGV[b + 3]) end
      if tonumber(ARGV[b + 4]) >= tonumber(ARGV[2]) then targets[#targets + 1] = delta('d' .. ARGV[b + 4]) end
      for _, d in ipairs(targets) do
        d.c[AT[status]] = d.c[AT[status]] + 1
        if ARGV[b + 5] ~= '' then
          local ms = tonumber(ARGV[b + 5])
          d.c[5] = d.c[5] + ms
          if ms > d.c[6] then d.c[6] = ms end
          local bucket = tonumber(ARGV[b + 6])
          d.h[bucket] = (d.h[bucket] or 0) + 1
        end
      end
      local ended = tonumber(ARGV[b + 7])
      if ended and status == 'success' and (not ok_end or ended > ok_end) then ok_end = ended; set.ok_end = ended end
      if ended and status == 'failed' and (not fail_end or ended > fail_end) then
        fail_end = ended; set.fail_end = ended
      end
      local started = tonumber(ARGV[b + 9])
      if ARGV[b + 8] ~= '' and (not err_start or started >= err_start) then
        err_start = started
        set.err = ARGV[b + 8]; set.err_id = m; set.err_start = ARGV[b + 9]
      end
    end
  end
end
if #present == 0 then return 0 end
redis.call('ZREM', KEYS[1], unpack(present))
if rec then
  local flat = {'name', ARGV[4]}
  for i, f in ipairs({'n_s', 'n_p', 'n_f', 'n_k'}) do
    if counts[f] > 0 then flat[#flat + 1] = f; flat[#flat + 1] = (tonumber(rec[i]) or 0) + counts[f] end
  end
  for f, v in pairs(set) do flat[#flat + 1] = f; flat[#flat + 1] = v end
  redis.call('HSET', KEYS[2], unpack(flat))
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
if stats_ok and #fields > 0 then
  local old = redis.call('HMGET', KEYS[3], unpack(fields))
  local flat, fresh = {}, false
  for i, f in ipairs(fields) do
    if not old[i] then fresh = true end
    flat[#flat + 1] = f; flat[#flat + 1] = add_period(old[i], deltas[f])
  end
  redis.call('HSET', KEYS[3], unpack(flat))
  if fresh then
    -- a new period (about once an hour): drop those no longer kept, renew the TTL
    local gone = {}
    for _, f in ipairs(redis.call('HKEYS', KEYS[3])) do
      local kind, num = string.sub(f, 1, 1), tonumber(string.sub(f, 2))
      if not num or (kind == 'h' and num < tonumber(ARGV[1])) or (kind == 'd' and num < tonumber(ARGV[2])) then
        gone[#gone + 1] = f
      end
    end
    if #gone > 0 then redis.call('HDEL', KEYS[3], unpack(gone)) end
  end
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
return #present
