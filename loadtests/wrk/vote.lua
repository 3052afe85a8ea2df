-- wrk script: POST /api/v1/campaigns/<PV_CAMPAIGN>/votes as many distinct voters.
--
--   PV_TOKENS=tokens.txt PV_CAMPAIGN=1 PV_CANDIDATES=5 \
--     wrk -t2 -c64 -d10s -s loadtests/wrk/vote.lua http://127.0.0.1:5080 -- 2
--
-- Environment:
--   PV_TOKENS          file with one bearer token per line (one voter each)
--   PV_CAMPAIGN        campaign id
--   PV_CANDIDATES      number of candidates to spread votes over
--   PV_CANDIDATE_FIRST first candidate id (default 1): ids FIRST..FIRST+CANDIDATES-1
--   PV_WRK_STATUS=1    also count responses per HTTP status (slower: wrk then parses them)
--   PV_WRK_PAUSE_MS    pause of each connection between a reply and its next request, to pace the load
--                      below the maximum (rate ~ connections / (pause + latency)). Still closed-loop: a
--                      slow reply delays the next request, so this only approximates an open model.
--   PV_WRK_XFF_PREFIXES=N  send X-Forwarded-For from N different /24s (10.a.b.x), for an API that trusts
--                      127.0.0.1 as its proxy (loadtests/antifraud-latency.sh); unset: no such header.
-- Script argument (after --): the wrk thread count (-t), default 2. wrk starts each
-- thread before it sets up the next, so a thread cannot learn the total by itself.
--
-- Thread k of N uses the tokens on lines k, k+N, k+2N, ... (disjoint slices), and its
-- request i uses token slice[i mod n] with candidate FIRST + floor(i / n) mod CANDIDATES:
-- every (voter, candidate) pair is sent once before any pair repeats.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  table.insert(threads, thread)
  next_id = next_id + 1
end

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then error(name .. " is not set") end
    return default
  end
  return v
end

function init(args)
  local nthreads = tonumber(args[1] or env("PV_WRK_THREADS", "2"))
  if id > nthreads then
    error(("thread %d of %d: pass the wrk thread count after --, e.g. -- %d"):format(id, nthreads, id))
  end
  campaign = env("PV_CAMPAIGN")
  candidates = tonumber(env("PV_CANDIDATES"))
  first = tonumber(env("PV_CANDIDATE_FIRST", "1"))
  path = "/api/v1/campaigns/" .. campaign .. "/votes"

  local file = assert(io.open(env("PV_TOKENS"), "r"))
  slice, n = {}, 0
  local line_no = 0
  for line in file:lines() do
    local token = line:match("^%s*(.-)%s*$")
    if token ~= "" then
      if line_no % nthreads == id - 1 then
        n = n + 1
        slice[n] = token
      end
      line_no = line_no + 1
    end
  end
  file:close()
  if n == 0 then error(("thread %d: no tokens in its slice of %s"):format(id, env("PV_TOKENS"))) end

  sent = 0
  verify_call = (id == 1)
  pairs_total = n * candidates
  headers = { ["Content-Type"] = "application/json" }
  statuses = {}
  if env("PV_WRK_STATUS", "0") ~= "1" then
    response = nil -- wrk skips parsing responses when no response() is defined
  end
  xff_prefixes = tonumber(env("PV_WRK_XFF_PREFIXES", "0"))
  pause_ms = tonumber(env("PV_WRK_PAUSE_MS", "0"))
  if pause_ms <= 0 then
    delay = nil -- no pause at all
  end
end

function delay()
  return pause_ms
end

function request()
  local i = sent
  if verify_call then
    -- wrk calls request() once on thread 1 before the run, to check the request,
    -- and discards it: do not let that call use up a (voter, candidate) pair.
    verify_call = false
  else
    sent = sent + 1
  end
  headers["Authorization"] = "Bearer " .. slice[(i % n) + 1]
  if xff_prefixes > 0 then
    local p = (i * 7919 + id) % xff_prefixes
    headers["X-Forwarded-For"] = ("10.%d.%d.%d"):format(math.floor(p / 256) % 256, p % 256, i % 250 + 1)
  end
  local candidate = first + math.floor(i / n) % candidates
  return wrk.format("POST", path, headers, '{"candidateId":' .. candidate .. '}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local sent_total, pairs_all, by_status = 0, 0, {}
  for _, thread in ipairs(threads) do
    sent_total = sent_total + (thread:get("sent") or 0)
    pairs_all = pairs_all + (thread:get("pairs_total") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  io.write(("vote.lua: %d requests sent, %d distinct (voter, candidate) pairs available\n"):format(sent_total, pairs_all))
  if sent_total > pairs_all then
    io.write("vote.lua: WARNING: pairs ran out, later requests repeated earlier votes (add tokens)\n")
  end
  io.write(("vote.lua: status >= 400: %d\n"):format(summary.errors.status))
  local codes = {}
  for status in pairs(by_status) do table.insert(codes, status) end
  table.sort(codes)
  for _, status in ipairs(codes) do
    local tag = (status >= 200 and status < 300) and "" or "  (non-2xx)"
    io.write(("vote.lua: HTTP %d: %d%s\n"):format(status, by_status[status], tag))
  end
end
