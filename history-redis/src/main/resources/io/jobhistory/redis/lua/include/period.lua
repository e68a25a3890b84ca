-- A packed statistics period, "success,partial,failed,skipped,total ms,max ms;bucket:count,..." (non-zero buckets
-- only), with a delta of the same shape ({c = {6 counters}, h = {[bucket] = count}}) added: counts and totals summed,
-- the maximum kept.
local function add_period(packed, d)
  local c = {0, 0, 0, 0, 0, 0}
  local h = {}
  if packed then
    local head, tail = string.match(packed, '^([^;]*);?(.*)$')
    local i = 1
    for n in string.gmatch(head, '[^,]+') do c[i] = tonumber(n) or 0; i = i + 1 end
    for b, n in string.gmatch(tail, '(%d+):(%d+)') do h[tonumber(b)] = tonumber(n) end
  end
  for i = 1, 5 do c[i] = c[i] + d.c[i] end
  if d.c[6] > c[6] then c[6] = d.c[6] end
  for b, n in pairs(d.h) do h[b] = (h[b] or 0) + n end
  local parts = {}
  for b = 0, 30 do if h[b] then parts[#parts + 1] = b .. ':' .. h[b] end end
  return string.format('%d,%d,%d,%d,%d,%d;', c[1], c[2], c[3], c[4], c[5], c[6]) .. table.concat(parts, ',')
end
