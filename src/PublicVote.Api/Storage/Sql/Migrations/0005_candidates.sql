-- Nomination (docs/candidates.md): the indexes behind the quota counts and the organizer's candidate list, one
-- row per photo content per candidate, and photo changes reaching the cached public candidate pages.

-- District quota and per-unit limit counts, and the admin list filtered by category.
CREATE INDEX candidates_category_district_idx ON candidates (campaign_id, category_id, district_id);
CREATE INDEX candidates_category_unit_idx ON candidates (campaign_id, category_id, unit_name);

-- The same picture twice on one candidate is an upload mistake, not a second photo.
ALTER TABLE candidate_photos ADD UNIQUE (candidate_id, sha256);

-- The public candidate pages show photos and are cached per rules_version, so a photo change bumps it like a
-- candidate change does (0001's trigger only sees tables with a campaign_id).
CREATE FUNCTION bump_rules_version_for_photo() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaigns SET rules_version = rules_version + 1
     WHERE id = (SELECT campaign_id FROM candidates WHERE id = COALESCE(NEW.candidate_id, OLD.candidate_id));
    RETURN NULL;
END $$;

CREATE TRIGGER candidate_photos_rules_version AFTER INSERT OR UPDATE OR DELETE ON candidate_photos
    FOR EACH ROW EXECUTE FUNCTION bump_rules_version_for_photo();
