-- One atomic vote. KEYS: 1 day hash (voter -> "c1,c2,..." voted that day), 2 candidate counters,
-- 3 minute burst bucket, 4 shard stream, 5 (optional) idempotency key.
-- ARGV: 1 voter, 2 candidate, 3 daily limit, 4 per-candidate daily limit, 5 day-key ttl (s),
-- 6 bucket ttl (s), 7 idempotency ttl (s), 8 vote time (unix ms), 9 day (yyyymmdd), 10 ip, 11 ua hash,
-- 12 candidate's category, 13 per-category daily limit (0 or absent: none).
-- Anti-fraud signals (docs/antifraud.md), on when ARGV[14] is the index f of their first key: KEYS f first-seen hash,
-- f+1 surge hash, f+2 held counters, f+3 new-voter HLL of the prefix this hour, f+4 (optional) vote token's use marker.
-- ARGV 15 ip prefix, 16 fresh age ms, 17 token: issued ms | 'i' invalid | '' none, 18 token ttl s, 19 short dwell ms,
-- 20 hot-prefix new voters, 21 hold score, 22 HLL ttl s.
-- Returns {code, remaining today, stream id, candidate}: 1 accepted, 2 replayed, 3 daily limit,
-- 4 per-candidate limit, 5 idempotency key already used for another candidate, 6 per-category limit.
local voter, candidate = ARGV[1], ARGV[2]
local f = tonumber(ARGV[14])
local idem = (f or 6) > 5 and KEYS[5]
if idem then
  local previous = redis.call('GET', idem)
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
-- Signals ride in the stream entry. Under surge mode a risky vote (fresh voter, no or short dwell, hot prefix: one
-- point each) is still accepted, but held: counted in the held counters, not the public ones.
-- The stream entry is one field (docs/flushing.md): 'e' = "candidate|time|day|ip|ua|voter", or with the signals
-- 's' = "candidate|time|day|ip|ua|prefix|first seen|dwell|token|new in prefix|status|voter" (the voter last, so the
-- reader never depends on its alphabet). One value instead of 12 pairs: a cheaper XADD, and the flusher's reads
-- cost Redis a fifth of the time.
local counters, signals = KEYS[2], nil
if f then
  local now, seen, dwell, token, newInPrefix = tonumber(ARGV[8]), redis.call('HGET', KEYS[f], voter), '', ARGV[17], 0
  local fresh = not seen or now - tonumber(seen) < tonumber(ARGV[16])
  if tonumber(token) then
    if redis.call('SET', KEYS[f + 4], '1', 'NX', 'EX', ARGV[18]) then dwell, token = math.max(now - tonumber(token), 0), 'u' else token = 'r' end
  end
  if fresh and ARGV[15] ~= '' then
    if redis.call('PFADD', KEYS[f + 3], voter) == 1 then redis.call('EXPIRE', KEYS[f + 3], ARGV[22], 'NX') end
    newInPrefix = redis.call('PFCOUNT', KEYS[f + 3])
  end
  local status, surge = 'c', redis.call('HGET', KEYS[f + 1], candidate)
  if surge and tonumber(string.match(surge, '^%d+')) > now then
    local score = (fresh and 1 or 0) + ((dwell == '' or dwell < tonumber(ARGV[19])) and 1 or 0) + (newInPrefix >= tonumber(ARGV[20]) and 1 or 0)
    if score >= tonumber(ARGV[21]) then status, counters = 'p', KEYS[f + 2] end
  end
  signals = table.concat({ARGV[15], seen or '', tostring(dwell), token, newInPrefix, status}, '|')
end
redis.call('HINCRBY', counters, candidate, 1)
if redis.call('HINCRBY', KEYS[3], candidate, 1) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[6]) end
local entry = signals and {candidate, ARGV[8], ARGV[9], ARGV[10], ARGV[11], signals, voter} or {candidate, ARGV[8], ARGV[9], ARGV[10], ARGV[11], voter}
local id = redis.call('XADD', KEYS[4], '*', signals and 's' or 'e', table.concat(entry, '|'))
local remaining = dailyLimit - used - 1
if idem then redis.call('SET', idem, candidate .. '|' .. remaining .. '|' .. id, 'EX', ARGV[7]) end
return {1, remaining, id, candidate}
