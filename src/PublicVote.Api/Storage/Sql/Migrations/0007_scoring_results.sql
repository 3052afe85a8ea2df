-- Expert scoring, entered scores and published results (docs/results.md). Results are computed from these tables,
-- `votes` and the campaign model; a publication is a frozen copy of one computation and of its inputs.

-- How the public vote is normalised within a category (NULL: 'topRatio', votes ÷ the category's top).
ALTER TABLE score_sources
    ADD COLUMN normalisation text CHECK (normalisation IN ('topRatio', 'rank')),
    ADD CHECK (normalisation IS NULL OR kind = 'publicVote');

-- How the judges' sheets are combined (NULL: 'mean'; 'trimmedMean' drops one highest and one lowest from 5 judges up).
ALTER TABLE rubrics
    ADD COLUMN aggregation text CHECK (aggregation IN ('mean', 'trimmedMean'));

-- One judge's sheet for one candidate on the campaign's rubric. A draft can change; a submitted sheet is locked
-- until an admin unlocks it (audited). `scores` maps each scored leaf code (an item without sub-items, or a
-- sub-item) to its points; `total` is their sum plus the capped bonus, as validated when it was saved.
CREATE TABLE score_sheets (
    campaign_id       bigint NOT NULL REFERENCES campaigns (id),
    candidate_id      bigint NOT NULL REFERENCES candidates (id),
    judge_id          bigint NOT NULL REFERENCES accounts (id),
    status            text NOT NULL CHECK (status IN ('draft', 'submitted')),
    scores            jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(scores) = 'object'),
    bonus_occurrences int NOT NULL DEFAULT 0 CHECK (bonus_occurrences BETWEEN 0 AND 1000),
    bonus             numeric(8, 2) NOT NULL DEFAULT 0 CHECK (bonus >= 0),
    total             numeric(8, 2) NOT NULL CHECK (total >= 0),
    veto_code         text,
    veto_note         text CHECK (length(veto_note) BETWEEN 1 AND 500),
    comment           text CHECK (length(comment) BETWEEN 1 AND 1000),
    updated_at        timestamptz NOT NULL,
    submitted_at      timestamptz,
    PRIMARY KEY (candidate_id, judge_id),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL)),
    CHECK (veto_note IS NULL OR veto_code IS NOT NULL),
    FOREIGN KEY (campaign_id, veto_code) REFERENCES rubric_vetoes (campaign_id, code)
);
CREATE INDEX score_sheets_campaign_idx ON score_sheets (campaign_id, judge_id);

-- A score on 100 an organizer enters for a candidate on an 'entered' source (seed 001: 领导点评, 职工互评).
CREATE TABLE entered_scores (
    campaign_id  bigint NOT NULL,
    source_code  text NOT NULL,
    candidate_id bigint NOT NULL REFERENCES candidates (id),
    score        numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
    note         text CHECK (length(note) BETWEEN 1 AND 500),
    entered_by   bigint REFERENCES accounts (id),
    entered_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, source_code, candidate_id),
    FOREIGN KEY (campaign_id, source_code) REFERENCES score_sources (campaign_id, code)
);

-- Every publication of a campaign's result, numbered 1, 2, ... : 'notice' (结果公示) then 'final' (命名表彰). The
-- newest one is what the public sees. A change after publishing is a new row with a reason (re-publication); a
-- row is never changed or deleted.
CREATE TABLE result_publications (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id),
    version       int NOT NULL CHECK (version >= 1),
    stage         text NOT NULL CHECK (stage IN ('notice', 'final')),
    reason        text CHECK (length(reason) BETWEEN 1 AND 1000),
    published_at  timestamptz NOT NULL,
    published_by  bigint REFERENCES accounts (id),
    publisher     text NOT NULL,
    inputs_sha256 text NOT NULL CHECK (inputs_sha256 ~ '^[0-9a-f]{64}$'),
    inputs        jsonb NOT NULL,
    result        jsonb NOT NULL,
    UNIQUE (campaign_id, version)
);

CREATE FUNCTION result_publications_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'result_publications is append-only: % refused (re-publish instead)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER result_publications_no_change BEFORE UPDATE OR DELETE ON result_publications
    FOR EACH ROW EXECUTE FUNCTION result_publications_frozen();
CREATE TRIGGER result_publications_no_truncate BEFORE TRUNCATE ON result_publications
    FOR EACH STATEMENT EXECUTE FUNCTION result_publications_frozen();
