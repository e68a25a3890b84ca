-- Lists a job in the job ids until its newest save expires, by the server's clock.
-- KEYS[1] job ids
-- ARGV[1] job id, ARGV[2] TTL ms of the entry
-- @include job_seen
job_seen(KEYS[1], ARGV[1], ARGV[2])
return 1
