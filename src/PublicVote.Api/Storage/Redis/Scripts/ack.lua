-- Acknowledge and delete flushed entries in one step, so an entry never stays acked but undeleted.
-- KEYS: 1 stream. ARGV: 1 consumer group, 2.. stream ids.
local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
return acked
