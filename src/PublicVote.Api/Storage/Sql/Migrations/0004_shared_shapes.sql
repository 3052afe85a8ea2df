-- Shapes several features share, laid down before they are built in parallel: the nomination details and review
-- state of a candidate (issue 3), its photos (issue 3, shown by the H5 pages), and the review status of a vote
-- (anti-fraud, read by the results). Rows written before this migration keep their meaning: an existing candidate
-- counts as approved, an existing vote as counted.

ALTER TABLE candidates
    -- Nomination review (初审): a nomination entered by an organizer starts 'submitted'; only 'approved' ones are public.
    ADD COLUMN review_status text NOT NULL DEFAULT 'approved' CHECK (review_status IN ('submitted', 'approved', 'rejected')),
    ADD COLUMN review_reason text CHECK (length(review_reason) BETWEEN 1 AND 500),
    -- Why a candidate was withdrawn or disqualified (弄虚作假, a rubric veto, a reviewer's escalation).
    ADD COLUMN status_reason text CHECK (length(status_reason) BETWEEN 1 AND 500),
    ADD COLUMN unit_name     text CHECK (length(unit_name) BETWEEN 1 AND 200),
    ADD COLUMN post          text CHECK (length(post) BETWEEN 1 AND 100),
    -- 微笑宣言 / 服务宣言
    ADD COLUMN slogan        text CHECK (length(slogan) BETWEEN 1 AND 200),
    -- 事迹材料; its length limit is the campaign's material_chars, checked by the application.
    ADD COLUMN materials     text,
    ADD COLUMN honours       text CHECK (length(honours) BETWEEN 1 AND 2000),
    -- The other fields of the category's nomination form (category_form_fields.key -> value), validated by the application.
    ADD COLUMN fields        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(fields) = 'object'),
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
    ADD CHECK ((review_status = 'rejected') = (review_reason IS NOT NULL));

-- Photos are stored once under the SHA-256 of their content; a candidate lists them in display order.
CREATE TABLE candidate_photos (
    candidate_id bigint NOT NULL REFERENCES candidates (id),
    position     int NOT NULL CHECK (position >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes        int NOT NULL CHECK (bytes > 0),
    width        int NOT NULL CHECK (width > 0),
    height       int NOT NULL CHECK (height > 0),
    -- The list thumbnail (JPEG), also content-addressed.
    thumb_sha256 text NOT NULL CHECK (thumb_sha256 ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (candidate_id, position)
);

-- A vote is never deleted: anti-fraud review moves it between these. Only 'counted' and 'restored' votes count.
ALTER TABLE votes
    ADD COLUMN status text NOT NULL DEFAULT 'counted' CHECK (status IN ('counted', 'pending', 'voided', 'restored'));
