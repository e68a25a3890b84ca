-- The server's clock in epoch ms (TIME), so hosts whose clocks disagree still agree on expiry.
local function now_millis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
