-- Registrations of new business customers through the public form. The
-- company row itself (status 'pending') carries the applicant's data; this
-- table records when it came in and who decided it, for the audit trail.
CREATE TABLE registrations (
    company_id   bigint PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    decision     text CHECK (decision IN ('approved', 'rejected')),
    decided_by   bigint REFERENCES users (id),
    decided_at   timestamptz,
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL))
);
--bun:split
-- Submissions of the public form per client address, for throttling across
-- every instance (an in-memory counter would be per instance).
CREATE TABLE registration_attempts (
    id           bigserial PRIMARY KEY,
    ip           text NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX registration_attempts_ip_idx ON registration_attempts (ip, attempted_at);
