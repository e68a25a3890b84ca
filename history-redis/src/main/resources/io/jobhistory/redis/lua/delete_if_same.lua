-- Removes a record a failed cluster save created, unless it was written again since.
-- KEYS[1] record key
-- ARGV[1] the JSON that save wrote
-- Returns 1 if deleted, else 0.
if typed('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
