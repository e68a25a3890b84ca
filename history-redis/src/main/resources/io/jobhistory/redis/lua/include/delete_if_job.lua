-- @include typed
-- @include belongs
-- Deletes a record unless it holds another job's run (or another type). Reads only the head of the value, where the
-- codec writes execution_id and job_id (escaping can make each character of an id up to 6 bytes long).
-- Returns 1 if deleted.
local function delete_if_job(key, member, fragment)
  local head = typed('GETRANGE', key, 0, 32 + 6 * #member + #fragment)
  if not head or head == '' or not belongs(head, fragment) then return 0 end
  return redis.call('DEL', key)
end
