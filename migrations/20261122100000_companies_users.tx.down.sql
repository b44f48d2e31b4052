DROP TABLE IF EXISTS notification_preferences, sign_in_failures, sessions, invitations, company_notes;
--bun:split
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_company_fk;
--bun:split
DROP TABLE IF EXISTS companies, users, loyalty_tier_thresholds, loyalty_tiers, price_groups;
--bun:split
DROP FUNCTION IF EXISTS pd_fold(text);
