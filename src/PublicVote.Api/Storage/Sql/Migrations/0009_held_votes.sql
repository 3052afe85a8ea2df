-- Votes held pending (issue 8, docs/antifraud.md): the detector host releases the ones surge mode held that no case
-- claimed, by the time they were cast, every scan. Held votes are a small part of the log, so the index is small.
CREATE INDEX votes_pending_idx ON votes (campaign_id, voted_at) WHERE status = 'pending';
