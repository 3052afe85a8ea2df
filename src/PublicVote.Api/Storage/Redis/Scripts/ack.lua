-- Acknowledge flushed entries and remove them from the stream in one step, so an entry never stays acked but
-- present. KEYS: 1 stream. ARGV: 1 consumer group, 2.. stream ids in ascending order (as read).
-- Entries are delivered in id order, so every entry older than the oldest one still pending (on any
-- consumer) is flushed: XTRIM MINID drops those, whole stream nodes at a time, far cheaper than XDEL entry
-- by entry. Only when another consumer still holds an older entry are the ids after it deleted one by one.
local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
local oldestPending = redis.call('XPENDING', KEYS[1], ARGV[1])[2]
if not oldestPending then
  local ms, seq = string.match(ARGV[#ARGV], '^(%d+)-(%d+)$')
  redis.call('XTRIM', KEYS[1], 'MINID', ms .. '-' .. string.format('%.0f', tonumber(seq) + 1))
  return acked
end
redis.call('XTRIM', KEYS[1], 'MINID', oldestPending)
local pms, pseq = string.match(oldestPending, '^(%d+)-(%d+)$')
pms, pseq = tonumber(pms), tonumber(pseq)
local rest = {}
for i = 2, #ARGV do
  local ms, seq = string.match(ARGV[i], '^(%d+)-(%d+)$')
  ms, seq = tonumber(ms), tonumber(seq)
  if ms > pms or (ms == pms and seq >= pseq) then rest[#rest + 1] = ARGV[i] end
end
if #rest > 0 then redis.call('XDEL', KEYS[1], unpack(rest)) end
return acked
