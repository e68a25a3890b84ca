-- Whether a stored status is a finished one (a running record never replaces it).
local function is_finished(status)
  return status == 'success' or status == 'partial_success' or status == 'failed' or status == 'skipped'
end
