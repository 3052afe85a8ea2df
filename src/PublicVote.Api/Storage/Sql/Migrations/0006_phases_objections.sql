-- Phase control and objections (docs/phases.md, docs/objections.md).

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

-- 异议: an objection by anyone against a publicly listed candidate, filed during 初审公示 (review) or 结果公示
-- (resultsNotice). The contact fields are personal data: only organizers of the campaign read them.
CREATE TABLE objections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id),
    candidate_id  bigint NOT NULL REFERENCES candidates (id),
    phase         text NOT NULL CHECK (phase IN ('review', 'resultsNotice')),
    text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
    contact_name  text CHECK (length(contact_name) BETWEEN 1 AND 50),
    contact_phone text CHECK (contact_phone ~ '^[0-9+ -]{7,24}$'),
    filed_at      timestamptz NOT NULL,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution    text CHECK (length(resolution) BETWEEN 1 AND 5000),
    resolved_by   bigint REFERENCES accounts (id),
    resolved_at   timestamptz,
    CHECK ((status = 'open') = (resolution IS NULL) AND (resolution IS NULL) = (resolved_at IS NULL))
);
CREATE INDEX objections_campaign_idx ON objections (campaign_id, status, id DESC);
CREATE INDEX objections_candidate_idx ON objections (campaign_id, candidate_id, id DESC);
