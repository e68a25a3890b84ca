-- @include encode
-- @include job_seen
-- @include delete_if_job
-- @include before
-- @include typed
-- The job-level step of a save, on the job's slot: index entry, job record, failures kept, statistics and the
-- counted ids (a run counts once, when first saved finished: JobRecordRules). Every key is read before any write, so
-- a key of another type fails the save with nothing written.
-- K: index, failures, job record, stats, counted, [job ids (single server)]
-- A: 1 score (start ms), 2 execution id, 3 runs kept, 4 index TTL ms, 5 running (1/0), 6 renew (1/0), 7 trim mode
-- (0 none: the stepped trim does it; 1 return the members past the cap; 2 pop them and delete their records),
-- 8 failures kept, 9 stored status, 10 now ms, 11 hour field, 12 day field, 13 oldest hour kept (field),
-- 14 oldest day kept (field), 15 duration ms ('' for none), 16 histogram bucket, 17 lean run JSON, 18 error ('' none),
-- 19 end ms ('' none), 20 job name, 21 record key prefix, 22 job fragment, 23 counted ids kept, 24 job id
-- Returns {-1} if a key holds another type (nothing written), else {created (1/0), index size, past, doomed, evicted}: members past the cap (mode 1), records to delete
-- (mode 1) and failures evicted (mode 1, to be removed from the failures index after their records); and, as a
-- second value, whether mode 2 trimmed the saved run itself (its record is then not written).
local COUNTED = {success = 'n_s', partial_success = 'n_p', failed = 'n_f', skipped = 'n_k'}
local function field_num(f) return tonumber(string.sub(f, 2)) end

-- a packed period: "success,partial,failed,skipped,total ms,max ms;bucket:count,..." (non-zero buckets only)
local function count_period(packed, status, duration, bucket)
  local c = {0, 0, 0, 0, 0, 0}
  local h = {}
  if packed then
    local head, tail = string.match(packed, '^([^;]*);?(.*)$')
    local i = 1
    for n in string.gmatch(head, '[^,]+') do c[i] = tonumber(n); i = i + 1 end
    for b, n in string.gmatch(tail, '(%d+):(%d+)') do h[tonumber(b)] = tonumber(n) end
  end
  local at = ({success = 1, partial_success = 2, failed = 3, skipped = 4})[status]
  c[at] = c[at] + 1
  if duration ~= '' then
    local d = tonumber(duration)
    c[5] = c[5] + d
    if d > c[6] then c[6] = d end
    h[bucket] = (h[bucket] or 0) + 1
  end
  local parts = {}
  for b = 0, 20 do if h[b] then parts[#parts + 1] = b .. ':' .. h[b] end end
  return string.format('%d,%d,%d,%d,%d,%d;', c[1], c[2], c[3], c[4], c[5], c[6]) .. table.concat(parts, ',')
end

local function job_step(K, A)
  local index, failures, record, stats, counted = K[1], K[2], K[3], K[4], K[5]
  local id, score, cap, mode = A[2], tonumber(A[1]), tonumber(A[3]), A[7]
  local status, running = A[9], A[5] == '1'
  local finished = not running and COUNTED[status] ~= nil
  local is_failed = finished and status == 'failed' and tonumber(A[8]) > 0
  -- reads first: a key of another type returns {-1} with nothing written
  local n = typed('ZCARD', index)
  if not n then return {-1} end
  local cur = typed('HMGET', record, 'run_id', 'run_start', 'run_done', 'err_start', 'ok_end', 'fail_end',
    COUNTED[status] or 'n_s')
  if not cur then return {-1} end
  local first, counted_size, periods, failures_size = false, 0, nil, 0
  if finished then
    counted_size = typed('ZCARD', counted)
    if not counted_size then return {-1} end
    first = redis.call('ZSCORE', counted, id) == false
    if first then
      periods = typed('HMGET', stats, A[11], A[12])
      if not periods then return {-1} end
    end
  end
  if is_failed then
    failures_size = typed('ZCARD', failures)
    if not failures_size then return {-1} end
  end
  local renew = A[6] == '1' or n == 0
  if K[6] and renew then job_seen(K[6], A[24], A[4]) end
  -- index
  local added
  if running then
    added = redis.call('ZADD', index, 'NX', score, id)
  else
    added = redis.call('ZADD', index, score, id)
  end
  -- job record (JobRecordRules.apply)
  local set = {}
  local last_id, last_start = cur[1], tonumber(cur[2])
  local replace
  if not last_id then
    replace = true
  elseif last_id == id then
    replace = not (running and cur[3] == '1')
  else
    replace = score > last_start or (score == last_start and before(last_id, id))
  end
  if replace then
    set[#set + 1] = 'run'; set[#set + 1] = A[17]
    set[#set + 1] = 'run_id'; set[#set + 1] = id
    set[#set + 1] = 'run_start'; set[#set + 1] = A[1]
    set[#set + 1] = 'run_done'; set[#set + 1] = running and '0' or '1'
    set[#set + 1] = 'name'; set[#set + 1] = A[20]
  end
  if A[18] ~= '' and (status == 'failed' or status == 'partial_success')
      and (not cur[4] or score >= tonumber(cur[4])) then
    set[#set + 1] = 'err'; set[#set + 1] = A[18]
    set[#set + 1] = 'err_id'; set[#set + 1] = id
    set[#set + 1] = 'err_start'; set[#set + 1] = A[1]
  end
  if A[19] ~= '' and status == 'success' and (not cur[5] or tonumber(A[19]) > tonumber(cur[5])) then
    set[#set + 1] = 'ok_end'; set[#set + 1] = A[19]
  end
  if A[19] ~= '' and status == 'failed' and (not cur[6] or tonumber(A[19]) > tonumber(cur[6])) then
    set[#set + 1] = 'fail_end'; set[#set + 1] = A[19]
  end
  if first then
    set[#set + 1] = COUNTED[status]; set[#set + 1] = (tonumber(cur[7]) or 0) + 1
  end
  if #set > 0 then
    redis.call('HSET', record, unpack(set))
  end
  -- counted ids and statistics
  if finished then
    redis.call('ZADD', counted, tonumber(A[10]), id)
    if counted_size == 0 then redis.call('PEXPIRE', counted, A[4]) end
    if counted_size >= tonumber(A[23]) then
      redis.call('ZREMRANGEBYRANK', counted, 0, counted_size - tonumber(A[23]))
    end
  end
  if first then
    local hour, day = field_num(A[11]), field_num(A[12])
    local pset = {}
    if hour >= field_num(A[13]) then
      pset[#pset + 1] = A[11]; pset[#pset + 1] = count_period(periods[1], status, A[15], tonumber(A[16]))
    end
    if day >= field_num(A[14]) then
      pset[#pset + 1] = A[12]; pset[#pset + 1] = count_period(periods[2], status, A[15], tonumber(A[16]))
    end
    if #pset > 0 then redis.call('HSET', stats, unpack(pset)) end
    if not periods[1] or not periods[2] then
      -- a new period (once an hour at most): drop those no longer kept, renew the TTL
      local old = {}
      for _, f in ipairs(redis.call('HKEYS', stats)) do
        local kind, num = string.sub(f, 1, 1), field_num(f)
        if (kind == 'h' and num < field_num(A[13])) or (kind == 'd' and num < field_num(A[14])) then
          old[#old + 1] = f
        end
      end
      if #old > 0 then redis.call('HDEL', stats, unpack(old)) end
      redis.call('PEXPIRE', stats, A[4])
    end
  end
  -- failures kept and retention
  local out = {n == 0 and 1 or 0, n + added, {}, {}, {}}
  if is_failed then
    local new = redis.call('ZADD', failures, score, id)
    if failures_size == 0 then redis.call('PEXPIRE', failures, A[4]) end
    local over = failures_size + new - tonumber(A[8])
    if over > 0 then
      local evicted = redis.call('ZRANGE', failures, 0, over - 1)
      for _, m in ipairs(evicted) do
        local rank = redis.call('ZREVRANK', index, m)
        local doomed = not rank or rank >= cap
        if mode == '1' then
          out[5][#out[5] + 1] = m
          if doomed then out[4][#out[4] + 1] = m end
        else
          redis.call('ZREM', failures, m)
          if doomed then delete_if_job(A[21] .. encode(m), m, A[22]) end
        end
      end
    end
  end
  local self_trimmed = false
  local over = n + added - cap
  if mode ~= '0' and over > 0 then
    local past = redis.call('ZRANGE', index, 0, over - 1)
    for _, m in ipairs(past) do
      local kept = tonumber(A[8]) > 0 and redis.call('ZSCORE', failures, m)
      if mode == '1' then
        out[3][#out[3] + 1] = m
        if not kept then out[4][#out[4] + 1] = m end
      else
        if m == id and not kept then self_trimmed = true end
        redis.call('ZREM', index, m)
        if not kept then delete_if_job(A[21] .. encode(m), m, A[22]) end
      end
    end
    if mode == '2' then out[2] = n + added - #past end
  end
  if renew then
    redis.call('PEXPIRE', index, A[4])
    redis.call('PEXPIRE', record, A[4])
    redis.call('PEXPIRE', stats, A[4])
    if tonumber(A[8]) > 0 then redis.call('PEXPIRE', failures, A[4]) end
  elseif not last_id and #set > 0 then
    redis.call('PEXPIRE', record, A[4])
  end
  return out, self_trimmed
end
