-- Puts trimmed members back into their index when their records could not be deleted, so the next save's trim
-- deletes them.
-- KEYS[1] the job's index
-- ARGV[1] member, ARGV[2] its score, ARGV[3] member, ARGV[4] score, ...
for i = 1, #ARGV, 2 do redis.call('ZADD', KEYS[1], 'NX', ARGV[i + 1], ARGV[i]) end
return 1
