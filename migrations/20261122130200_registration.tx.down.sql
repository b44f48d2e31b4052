DROP TABLE IF EXISTS registration_attempts;
--bun:split
DROP TABLE IF EXISTS registrations;
