-- @include now_millis
-- Lists a job in the job ids until its newest save expires (server clock); drops expired entries when a job is new.
local function job_seen(jobs, job_id, ttl)
  local now = now_millis()
  if redis.call('ZADD', jobs, 'GT', now + tonumber(ttl), job_id) == 1 then
    redis.call('ZREMRANGEBYSCORE', jobs, '-inf', now)
  end
end
