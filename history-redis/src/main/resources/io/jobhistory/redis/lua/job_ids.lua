-- The jobs whose newest save has not expired by the server's clock; drops the others.
-- KEYS[1] job ids
-- no ARGV
-- Returns {1, job id, ...}, or {0} if the key holds another type.
-- @include typed
-- @include now_millis
local now = now_millis()
local ids = typed('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
if not ids then return {0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
table.insert(ids, 1, 1)
return ids
