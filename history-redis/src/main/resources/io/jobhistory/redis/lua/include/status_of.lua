-- The stored status of a record's JSON. ExecutionRecordJson writes "status" before any user text (attributes,
-- errors, stack trace), and escapes every quote inside strings, so the first match is the field itself
-- (RecordJsonLayoutTest fails if the codec's field order changes).
local function status_of(value)
  return string.match(value, '"status":"([%l_]+)"')
end
