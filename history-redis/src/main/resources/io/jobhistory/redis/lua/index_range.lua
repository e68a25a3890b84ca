-- Cluster history read, step 1: a job's index entries in a score range, newest first, with their scores as text
-- (a script reply reads the same on RESP2 and RESP3 connections).
-- KEYS[1] the job's index
-- ARGV[1] max score, ARGV[2] min score (Redis syntax)
-- Returns {1, member, score, ...}, or {0} if the index holds another type.
-- @include typed
local r = typed('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
if not r then return {0} end
table.insert(r, 1, 1)
return r
