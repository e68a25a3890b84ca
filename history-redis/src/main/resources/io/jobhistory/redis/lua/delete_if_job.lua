-- Deletes a record unless it now holds another job's run (or another type).
-- KEYS[1] record key
-- ARGV[1] job fragment (JobFragment), ARGV[2] the execution id
-- Returns 1 if deleted, else 0.
-- @include delete_if_job
return delete_if_job(KEYS[1], ARGV[2], ARGV[1])
