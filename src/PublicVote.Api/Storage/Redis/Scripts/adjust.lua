-- Applies one live-counter adjustment (a void or restore) at most once. KEYS: 1 candidate counters, 2 held counters,
-- 3 the adjustment's applied marker. ARGV: 1 candidate, 2 counted delta, 3 held delta, 4 marker ttl (s).
-- Returns 1 when applied now, 0 when it had been applied before.
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[4]) then return 0 end
if ARGV[2] ~= '0' then redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2]) end
if ARGV[3] ~= '0' then redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[3]) end
return 1
