-- After deleteRun: the job record's newest run becomes the newest remaining one, unless a save moved it meanwhile.
-- KEYS[1] the job record
-- ARGV[1] the deleted execution id, ARGV[2] the lean JSON of the newest remaining run ('' for none), ARGV[3] its id,
-- ARGV[4] its start ms, ARGV[5] finished (1/0)
-- Returns 1 if the record changed, else 0; an error if the key holds another type.
if redis.call('HGET', KEYS[1], 'run_id') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'run', 'run_id', 'run_start', 'run_done')
else
  redis.call('HSET', KEYS[1], 'run', ARGV[2], 'run_id', ARGV[3], 'run_start', ARGV[4], 'run_done', ARGV[5])
end
return 1
