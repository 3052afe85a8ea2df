-- Anti-fraud (issue 8, docs/antifraud.md): the signals the hot path records with each vote, why a vote left the
-- tally, the reviewers' cases, where the detector host has read the vote log up to, and the live-counter
-- adjustments that a void or restore owes Redis.

ALTER TABLE votes
    -- The client's /24 (IPv4) or /48 (IPv6), '' when unknown.
    ADD COLUMN ip_prefix         text NOT NULL DEFAULT '',
    -- Keyed hash of the openid (stable within the campaign): the only voter id reviewers and detectors see.
    ADD COLUMN voter_key         text NOT NULL DEFAULT '',
    ADD COLUMN first_seen_at     timestamptz,
    -- From the candidate page's vote token to the vote; null without a usable token.
    ADD COLUMN dwell_ms          int CHECK (dwell_ms >= 0),
    ADD COLUMN token_state       text NOT NULL DEFAULT 'none' CHECK (token_state IN ('none', 'used', 'reused', 'invalid')),
    -- Distinct fresh voters seen in this vote's prefix in the same hour, counting this one (0: not fresh or unknown).
    ADD COLUMN prefix_new_voters int NOT NULL DEFAULT 0,
    ADD COLUMN status_reason     text CHECK (length(status_reason) BETWEEN 1 AND 500),
    ADD COLUMN status_case_id    bigint,
    ADD COLUMN status_changed_at timestamptz,
    -- The detector host reads the log by (log_xid, log_seq): every row of a transaction older than the oldest one
    -- still running is final, so a cursor below that horizon never skips a late commit.
    ADD COLUMN log_xid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    ADD COLUMN log_seq           bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000);
CREATE INDEX votes_log_idx ON votes (log_xid, log_seq);

-- Votes held for review (status 'pending') per candidate, next to the counted ones.
ALTER TABLE vote_totals ADD COLUMN pending bigint NOT NULL DEFAULT 0;

-- One case = one detector's suspicion about one candidate over a time window, with the votes it implicates.
CREATE TABLE fraud_cases (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id       bigint NOT NULL REFERENCES campaigns (id),
    candidate_id      bigint NOT NULL REFERENCES candidates (id),
    detector          text NOT NULL CHECK (detector ~ '^[a-z0-9-]{1,40}$'),
    severity          double precision NOT NULL CHECK (severity BETWEEN 0 AND 1),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    summary           text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
    evidence          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(evidence) = 'object'),
    window_from       timestamptz NOT NULL,
    window_to         timestamptz NOT NULL,
    -- Set when the reviewer escalated the case to disqualifying the candidate (an admin's reopen reverses it).
    escalated         boolean NOT NULL DEFAULT false,
    resolution_reason text CHECK (length(resolution_reason) BETWEEN 1 AND 500),
    resolved_by       text,
    resolved_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (window_to >= window_from)
);
-- A detector's ongoing finding about a candidate updates its open case instead of opening another.
CREATE UNIQUE INDEX fraud_cases_open_idx ON fraud_cases (campaign_id, candidate_id, detector) WHERE status = 'open';
CREATE INDEX fraud_cases_list_idx ON fraud_cases (campaign_id, status, severity DESC);

CREATE TABLE fraud_case_votes (
    case_id     bigint NOT NULL REFERENCES fraud_cases (id),
    campaign_id bigint NOT NULL,
    shard       int NOT NULL,
    stream_ms   bigint NOT NULL,
    stream_seq  bigint NOT NULL,
    PRIMARY KEY (case_id, shard, stream_ms, stream_seq),
    FOREIGN KEY (campaign_id, shard, stream_ms, stream_seq) REFERENCES votes (campaign_id, shard, stream_ms, stream_seq)
);
CREATE INDEX fraud_case_votes_vote_idx ON fraud_case_votes (campaign_id, shard, stream_ms, stream_seq);

-- How far the detector host has read the vote log (one row), and positions it passed at known times, so that a
-- restart can replay each detector's lookback without an index on vote time.
CREATE TABLE fraud_scan_checkpoint (
    id         int PRIMARY KEY CHECK (id = 1),
    log_xid    xid8 NOT NULL,
    log_seq    bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE fraud_scan_marks (
    at      timestamptz PRIMARY KEY,
    log_xid xid8 NOT NULL,
    log_seq bigint NOT NULL
);

-- What a void or restore changed in the live Redis counters of one shard, written in the same transaction as the
-- status change and applied to Redis afterwards (idempotently, by id); the detector host retries what failed.
CREATE TABLE live_counter_adjustments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   bigint NOT NULL,
    shard         int NOT NULL,
    candidate_id  bigint NOT NULL,
    counted_delta int NOT NULL,
    held_delta    int NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    applied_at    timestamptz
);
CREATE INDEX live_counter_adjustments_unapplied_idx ON live_counter_adjustments (id) WHERE applied_at IS NULL;
