-- The campaign model of the seed notices (docs/campaign-definition.md): phases, category forms, districts with
-- quotas, scoring sources and the judges' rubric. Every added campaigns/categories/candidates column is nullable
-- or defaulted, so the vote hot path and the rows written before this migration keep their meaning.

ALTER TABLE campaigns
    ADD COLUMN organizer                text CHECK (length(organizer) BETWEEN 1 AND 200),
    -- false: the notice has no public vote; the vote window columns then hold an empty window before the campaign.
    ADD COLUMN public_vote              boolean NOT NULL DEFAULT true,
    -- Stored for the rules; not yet enforced by the vote script.
    ADD COLUMN per_category_daily_limit int CHECK (per_category_daily_limit >= 1),
    ADD COLUMN photos_min               int CHECK (photos_min >= 0),
    ADD COLUMN photos_max               int CHECK (photos_max >= 1),
    ADD COLUMN photo_min_bytes          int CHECK (photo_min_bytes >= 0),
    ADD COLUMN photo_max_bytes          int CHECK (photo_max_bytes >= 1),
    ADD COLUMN material_chars           int CHECK (material_chars >= 1),
    -- An organizer's hold on, or advance to, a phase; the current phase is PhaseClock.At(phases, override, now).
    ADD COLUMN phase_override_mode      text CHECK (phase_override_mode IN ('hold', 'advance')),
    ADD COLUMN phase_override_phase     text,
    ADD COLUMN phase_override_at        timestamptz,
    ADD CHECK ((phase_override_mode IS NULL) = (phase_override_phase IS NULL)),
    ADD CHECK (per_category_daily_limit IS NULL
               OR per_category_daily_limit BETWEEN per_candidate_daily_limit AND daily_vote_limit);

CREATE TABLE campaign_phases (
    campaign_id      bigint NOT NULL REFERENCES campaigns (id),
    phase            text NOT NULL CHECK (phase IN ('nomination', 'review', 'vote', 'expertReview', 'resultsNotice', 'publication')),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    -- End of the public's objection window (初审公示, 结果公示); NULL: objections until the phase ends.
    objections_until timestamptz,
    PRIMARY KEY (campaign_id, phase),
    CHECK (ends_at > starts_at),
    CHECK (objections_until IS NULL OR (objections_until > starts_at AND objections_until <= ends_at))
);

ALTER TABLE categories
    ADD COLUMN award_quota    int CHECK (award_quota >= 0),
    ADD COLUMN per_unit_limit int CHECK (per_unit_limit >= 1);

-- The nomination form of a category, in display order.
CREATE TABLE category_form_fields (
    category_id bigint NOT NULL REFERENCES categories (id),
    position    int NOT NULL,
    key         text NOT NULL CHECK (key ~ '^[a-z][A-Za-z0-9]{0,31}$'),
    label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
    type        text NOT NULL CHECK (type IN ('text', 'textarea', 'phone', 'number', 'date', 'month', 'choice', 'multiChoice')),
    required    boolean NOT NULL,
    max_length  int CHECK (max_length >= 1),
    options     text[],
    PRIMARY KEY (category_id, key),
    UNIQUE (category_id, position)
);

-- Recommending units / districts (推荐单位), each with per-category quotas (名额分配表).
CREATE TABLE districts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES campaigns (id),
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    sort_order  int NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, code),
    UNIQUE (id, campaign_id)
);

CREATE TABLE district_quotas (
    district_id bigint NOT NULL REFERENCES districts (id),
    category_id bigint NOT NULL REFERENCES categories (id),
    recommend   int NOT NULL CHECK (recommend >= 0),
    award       int NOT NULL CHECK (award >= 0),
    PRIMARY KEY (district_id, category_id),
    CHECK (award <= recommend)
);

ALTER TABLE candidates
    ADD COLUMN district_id bigint,
    ADD FOREIGN KEY (district_id, campaign_id) REFERENCES districts (id, campaign_id);

-- Where a candidate's final score comes from, on 100 points (seed 004: public vote 60 + judges 40).
CREATE TABLE score_sources (
    campaign_id bigint NOT NULL REFERENCES campaigns (id),
    position    int NOT NULL,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    kind        text NOT NULL CHECK (kind IN ('publicVote', 'rubric', 'entered')),
    weight      int NOT NULL CHECK (weight BETWEEN 0 AND 100),
    PRIMARY KEY (campaign_id, code),
    UNIQUE (campaign_id, position)
);

CREATE TABLE rubrics (
    campaign_id            bigint PRIMARY KEY REFERENCES campaigns (id),
    total                  int NOT NULL CHECK (total >= 1),
    bonus_name             text,
    bonus_description      text,
    bonus_per_occurrence   int CHECK (bonus_per_occurrence >= 1),
    bonus_max              int CHECK (bonus_max >= 1),
    CHECK ((bonus_name IS NULL) = (bonus_max IS NULL) AND (bonus_max IS NULL) = (bonus_per_occurrence IS NULL))
);

-- Items (parent_code NULL) and their sub-items, in display order.
CREATE TABLE rubric_items (
    campaign_id bigint NOT NULL REFERENCES rubrics (campaign_id),
    position    int NOT NULL,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    parent_code text,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text,
    max_score   int NOT NULL CHECK (max_score >= 0),
    PRIMARY KEY (campaign_id, code),
    UNIQUE (campaign_id, position),
    FOREIGN KEY (campaign_id, parent_code) REFERENCES rubric_items (campaign_id, code)
);

-- Conditions that disqualify a candidate whatever the score (seed 002: a safety accident).
CREATE TABLE rubric_vetoes (
    campaign_id bigint NOT NULL REFERENCES rubrics (campaign_id),
    position    int NOT NULL,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text,
    PRIMARY KEY (campaign_id, code),
    UNIQUE (campaign_id, position)
);

-- Changes to a campaign's categories reach the cached rules too (the public campaign view lists them).
CREATE TRIGGER categories_rules_version AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION bump_campaign_rules_version();
