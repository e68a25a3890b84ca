-- Raises a Redis error reply so the script fails with it: Redis 7 keeps the reply as it is; Redis 6.2 takes only
-- a string (its text then follows "Error running script").
local function raise(reply)
  if redis.REDIS_VERSION then error(reply) end
  error(reply['err'])
end
