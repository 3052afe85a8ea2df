-- Organizer accounts (docs/accounts.md). User names are unique case-insensitively.
CREATE TABLE accounts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_name      text NOT NULL CHECK (user_name ~ '^[A-Za-z0-9._@-]{3,64}$'),
    display_name   text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
    password_hash  text NOT NULL,
    -- Changed on password reset and on disable: every token and cookie carrying the old stamp stops working.
    security_stamp uuid NOT NULL,
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_user_name_idx ON accounts (lower(user_name));

-- Roles: 'admin' is global (campaign_id NULL); organizer, judge and reviewer are granted per campaign.
-- A judge grant may name the category codes the judge scores (NULL = every category).
CREATE TABLE account_grants (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES accounts (id),
    role           text NOT NULL CHECK (role IN ('admin', 'organizer', 'judge', 'reviewer')),
    campaign_id    bigint REFERENCES campaigns (id),
    category_codes text[],
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'admin') = (campaign_id IS NULL)),
    CHECK (category_codes IS NULL OR role = 'judge'),
    UNIQUE NULLS NOT DISTINCT (account_id, role, campaign_id)
);
CREATE INDEX account_grants_campaign_idx ON account_grants (campaign_id);

-- Failed logins per (lower-cased) user name, known or not, so a lockout does not reveal which names exist.
CREATE TABLE login_throttle (
    user_key     text PRIMARY KEY,
    failures     int NOT NULL,
    locked_until timestamptz
);

-- Append-only record of every organizer write.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor_name  text NOT NULL,
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text,
    campaign_id bigint,
    before      jsonb,
    after       jsonb,
    client_ip   inet,
    trace_id    text
);
CREATE INDEX audit_log_campaign_idx ON audit_log (campaign_id, id DESC);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

-- The application role owns its tables, so privileges alone cannot stop it: these triggers refuse any change.
-- Production also runs the API as a role without UPDATE/DELETE/TRUNCATE on audit_log (docs/accounts.md).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- ASP.NET Core data-protection keys (antiforgery tokens), shared by every API node.
CREATE TABLE data_protection_keys (
    name       text PRIMARY KEY,
    xml        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
