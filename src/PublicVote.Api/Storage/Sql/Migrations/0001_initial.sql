-- Campaigns with their vote rules and voting window.
CREATE TABLE campaigns (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,64}$'),
    name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone                 text NOT NULL DEFAULT 'Asia/Shanghai',
    vote_starts_at            timestamptz NOT NULL,
    vote_ends_at              timestamptz NOT NULL,
    daily_vote_limit          int NOT NULL CHECK (daily_vote_limit BETWEEN 1 AND 1000),
    per_candidate_daily_limit int NOT NULL DEFAULT 1 CHECK (per_candidate_daily_limit >= 1),
    show_live_counts          boolean NOT NULL DEFAULT false,
    -- Number of Redis shards the campaign's vote keys are spread over; fixed once voting starts.
    redis_shards              int NOT NULL DEFAULT 1 CHECK (redis_shards BETWEEN 1 AND 1024),
    status                    text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'archived')),
    -- Bumped on any change to the campaign or its candidates, so API nodes can refresh their cached rules.
    rules_version             bigint NOT NULL DEFAULT 1,
    created_at                timestamptz NOT NULL DEFAULT now(),
    CHECK (vote_ends_at > vote_starts_at),
    CHECK (per_candidate_daily_limit <= daily_vote_limit)
);

CREATE TABLE categories (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES campaigns (id),
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind        text NOT NULL CHECK (kind IN ('unit', 'person', 'brand')),
    sort_order  int NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, code),
    UNIQUE (id, campaign_id)
);

CREATE TABLE candidates (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES campaigns (id),
    category_id bigint NOT NULL,
    number      text NOT NULL CHECK (length(number) BETWEEN 1 AND 16),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'disqualified')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, number),
    -- A candidate's category belongs to the same campaign.
    FOREIGN KEY (category_id, campaign_id) REFERENCES categories (id, campaign_id)
);

-- The durable vote log, appended by the flusher. No foreign keys on purpose: a vote accepted in Redis
-- must always be storable, whatever happened to its candidate meanwhile.
CREATE TABLE votes (
    campaign_id  bigint NOT NULL,
    shard        int NOT NULL,
    stream_ms    bigint NOT NULL,
    stream_seq   bigint NOT NULL,
    candidate_id bigint NOT NULL,
    voter_openid text NOT NULL,
    voted_at     timestamptz NOT NULL,
    vote_day     date NOT NULL,
    client_ip    inet,
    ua_hash      text NOT NULL DEFAULT '',
    flushed_at   timestamptz NOT NULL DEFAULT now(),
    -- The stream id: a replayed batch (crash between commit and XACK) is dropped here.
    PRIMARY KEY (campaign_id, shard, stream_ms, stream_seq)
);
CREATE INDEX votes_candidate_idx ON votes (campaign_id, candidate_id);
CREATE INDEX votes_voter_idx ON votes (campaign_id, voter_openid, vote_day);

-- Votes per candidate as flushed, maintained in the same transaction as the vote log.
CREATE TABLE vote_totals (
    campaign_id  bigint NOT NULL,
    candidate_id bigint NOT NULL,
    votes        bigint NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, candidate_id)
);

CREATE FUNCTION bump_campaign_rules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'campaigns' THEN
        NEW.rules_version := OLD.rules_version + 1;
        RETURN NEW;
    END IF;
    UPDATE campaigns SET rules_version = rules_version + 1
     WHERE id = COALESCE(NEW.campaign_id, OLD.campaign_id);
    RETURN NULL;
END $$;

CREATE TRIGGER campaigns_rules_version BEFORE UPDATE ON campaigns
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_campaign_rules_version();
CREATE TRIGGER candidates_rules_version AFTER INSERT OR UPDATE OR DELETE ON candidates
    FOR EACH ROW EXECUTE FUNCTION bump_campaign_rules_version();
