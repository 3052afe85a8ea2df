-- One atomic vote. KEYS: 1 day hash (voter -> "c1,c2,..." voted that day), 2 candidate counters,
-- 3 minute burst bucket, 4 shard stream, 5 (optional) idempotency key.
-- ARGV: 1 voter, 2 candidate, 3 daily limit, 4 per-candidate daily limit, 5 day-key ttl (s),
-- 6 bucket ttl (s), 7 idempotency ttl (s), 8 vote time (unix ms), 9 day (yyyymmdd), 10 ip, 11 ua hash,
-- 12 candidate's category, 13 per-category daily limit (0 or absent: none).
-- Returns {code, remaining today, stream id, candidate}: 1 accepted, 2 replayed, 3 daily limit,
-- 4 per-candidate limit, 5 idempotency key already used for another candidate, 6 per-category limit.
local voter, candidate = ARGV[1], ARGV[2]
if KEYS[5] then
  local previous = redis.call('GET', KEYS[5])
  if previous then
    local prevCandidate, prevRemaining, prevId = string.match(previous, '^([^|]*)|([^|]*)|(.*)$')
    if prevCandidate ~= candidate then return {5, 0, '', prevCandidate} end
    return {2, tonumber(prevRemaining), prevId, prevCandidate}
  end
end
local list = redis.call('HGET', KEYS[1], voter)
local used, same = 0, 0
if list then
  for c in string.gmatch(list, '[^,]+') do
    used = used + 1
    if c == candidate then same = same + 1 end
  end
end
local dailyLimit = tonumber(ARGV[3])
-- The per-candidate answer first: "already voted for this one" tells a voter more than "no votes left".
if same >= tonumber(ARGV[4]) then return {4, math.max(dailyLimit - used, 0), '', candidate} end
if used >= dailyLimit then return {3, 0, '', candidate} end
-- Per-category limit (docs/voting.md): a counter field "voter#category" in the same day hash, only when the
-- campaign has the limit; after the daily check, so a voter with no votes left hears that, not "try another category".
local categoryLimit = tonumber(ARGV[13]) or 0
local categoryField = categoryLimit > 0 and voter .. '#' .. ARGV[12]
if categoryField and tonumber(redis.call('HGET', KEYS[1], categoryField) or 0) >= categoryLimit then
  return {6, dailyLimit - used, '', candidate}
end
-- Expiries are set only when a field is first written: every write here also goes to the AOF.
if list then
  redis.call('HSET', KEYS[1], voter, list .. ',' .. candidate)
else
  redis.call('HSET', KEYS[1], voter, candidate)
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
if categoryField then redis.call('HINCRBY', KEYS[1], categoryField, 1) end
redis.call('HINCRBY', KEYS[2], candidate, 1)
if redis.call('HINCRBY', KEYS[3], candidate, 1) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[6]) end
local id = redis.call('XADD', KEYS[4], '*', 'v', voter, 'c', candidate, 't', ARGV[8], 'd', ARGV[9], 'ip', ARGV[10], 'ua', ARGV[11])
local remaining = dailyLimit - used - 1
if KEYS[5] then redis.call('SET', KEYS[5], candidate .. '|' .. remaining .. '|' .. id, 'EX', ARGV[7]) end
return {1, remaining, id, candidate}
