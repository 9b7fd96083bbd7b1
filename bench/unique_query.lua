-- wrk script: report.lua, with every request to a new `utm_source` value, as a
-- campaign's links or a cache-busting client would send them.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local counter = 0
local run = tostring(os.time())

function request()
  counter = counter + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "utm_source=" .. run .. "-" .. counter)
end
