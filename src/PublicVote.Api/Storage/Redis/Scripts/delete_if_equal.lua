-- Deletes KEYS[1] only if it still holds ARGV[1]: releases a lock we own, or drops a credential
-- only if nobody replaced it meanwhile.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
