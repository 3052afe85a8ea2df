-- Phase control (docs/phases.md).

-- A hold before the public vote keeps it from opening for as long as the hold lasts, so the stored window may be
-- [infinity, infinity); skipping the vote closes it at once, [now, now). Both are empty windows: start = end.
ALTER TABLE campaigns DROP CONSTRAINT campaigns_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_vote_window_check CHECK (vote_ends_at >= vote_starts_at);

-- The public campaign view is served from the cached rules and shows the phases and districts, so their changes
-- must reach the cache like a candidate's do.
CREATE TRIGGER campaign_phases_rules_version AFTER INSERT OR UPDATE OR DELETE ON campaign_phases
    FOR EACH ROW EXECUTE FUNCTION bump_campaign_rules_version();
CREATE TRIGGER districts_rules_version AFTER INSERT OR UPDATE OR DELETE ON districts
    FOR EACH ROW EXECUTE FUNCTION bump_campaign_rules_version();
