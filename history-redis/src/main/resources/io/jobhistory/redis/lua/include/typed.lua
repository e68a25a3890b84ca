-- @include raise
-- redis.pcall that lets only a real WRONGTYPE through, as nil: any other error (NOPERM, OOM, ...) fails the script.
local function typed(...)
  local reply = redis.pcall(...)
  if type(reply) == 'table' and reply['err'] then
    if string.sub(reply['err'], 1, 9) == 'WRONGTYPE' then return nil end
    raise(reply)
  end
  return reply
end
