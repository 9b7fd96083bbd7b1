-- wrk script for bench/hostile.py: each request takes the next line of a paths file
-- (a line "HOST <name> <path>" sends that Host header), "{n}" in a path becomes a
-- random number (cache busting), and the report counts 5xx apart from other non-2xx.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths, hosts = {}, {}
  for line in io.lines(args[1]) do
    local host, path = line:match("^HOST (%S+) (.+)$")
    table.insert(paths, path or line)
    table.insert(hosts, host or false)
  end
  counter, server_errors, other = 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  counter = counter % #paths + 1
  local path = paths[counter]:gsub("{n}", tostring(math.random(1, 1000000000)))
  local headers = { ["X-Forwarded-Proto"] = "https" }
  if hosts[counter] then headers["Host"] = hosts[counter] end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status < 200 or status > 399 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local fives, rest = 0, 0
  for _, thread in ipairs(threads) do
    fives = fives + thread:get("server_errors")
    rest = rest + thread:get("other")
  end
  local errors = summary.errors
  io.write(string.format(
    'MIX-REPORT {"requests": %d, "duration_us": %d, "status_5xx": %d, "status_4xx": %d, '
      .. '"socket_errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, fives, rest,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max
  ))
end
