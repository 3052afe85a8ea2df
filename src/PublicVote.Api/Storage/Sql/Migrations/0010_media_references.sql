-- Media serving and the media sweep (docs/candidates.md#photos) ask whether any photo row still references a content
-- hash, as the photo or as its thumbnail; a deleted photo's files must stop being served and be removed.
CREATE INDEX candidate_photos_sha256_idx ON candidate_photos (sha256);
CREATE INDEX candidate_photos_thumb_sha256_idx ON candidate_photos (thumb_sha256);
