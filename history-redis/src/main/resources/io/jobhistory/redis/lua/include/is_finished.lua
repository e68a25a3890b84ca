local function is_finished(status)
  return status == 'success' or status == 'partial_success' or status == 'failed' or status == 'skipped'
end
