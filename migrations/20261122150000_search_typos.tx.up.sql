-- Typo correction also by edit distance: "kabl" is one letter from "kabel",
-- though their trigram similarity is low (short words share few trigrams).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
