-- Cluster save, step 2: writes a record (step 1, index_add.lua, indexed it; the caller sends this together with
-- delete_if_job.lua for the records retention trimmed).
-- KEYS[1] record key
-- ARGV[1] record JSON, ARGV[2] record TTL ms, ARGV[3] running (1/0)
-- Returns 1 if written, 0 if a finished record was kept.
-- @include write_record
return write_record(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
