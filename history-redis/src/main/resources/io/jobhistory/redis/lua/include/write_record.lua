-- @include typed
-- @include status_of
-- @include is_finished
-- Writes a record. A running copy never replaces a finished record (finished is final).
-- Returns 1 if written, 0 if a finished record was kept.
local function write_record(key, json, ttl, running)
  if running == '1' then
    if redis.call('SET', key, json, 'PX', ttl, 'NX') then return 1 end
    local old = typed('GET', key)
    if old and is_finished(status_of(old)) then return 0 end
  end
  redis.call('SET', key, json, 'PX', ttl)
  return 1
end
