-- The key form of an id, as RedisKeys.encode makes it: every byte outside [A-Za-z0-9._-] percent-encoded.
local function encode(id)
  if not string.find(id, '[^A-Za-z0-9._%-]') then return id end
  return (string.gsub(id, '[^A-Za-z0-9._%-]', function(c) return string.format('%%%02X', string.byte(c)) end))
end
