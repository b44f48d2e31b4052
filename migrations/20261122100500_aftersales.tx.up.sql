-- Complaints with photos and messages, NPS, business calendars for SLA clocks.
CREATE SEQUENCE complaint_number_seq START 501;
--bun:split
CREATE TABLE complaints (
    id              bigserial PRIMARY KEY,
    number          bigint NOT NULL UNIQUE DEFAULT nextval('complaint_number_seq'),
    company_id      bigint NOT NULL REFERENCES companies (id),
    order_id        bigint NOT NULL REFERENCES orders (id),
    order_line_id   bigint NOT NULL REFERENCES order_lines (id),
    user_id         bigint REFERENCES users (id),
    channel         text NOT NULL CHECK (channel IN ('portal', 'bot')),
    qty             integer NOT NULL CHECK (qty > 0),
    reason          text NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'missing', 'defect', 'late')),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    stage           text NOT NULL DEFAULT 'submitted' CHECK (stage IN ('submitted', 'acknowledged', 'in_review', 'resolved')),
    resolution      text CHECK (resolution IN ('replacement', 'credit_note', 'rejected')),
    resolution_note text NOT NULL DEFAULT '',
    ack_due_at      timestamptz NOT NULL,
    decision_due_at timestamptz NOT NULL,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((stage = 'resolved') = (resolution IS NOT NULL)),
    CHECK (resolution IS DISTINCT FROM 'rejected' OR resolution_note <> '')
);
--bun:split
CREATE INDEX complaints_company_idx ON complaints (company_id, created_at DESC);
--bun:split
CREATE INDEX complaints_open_idx ON complaints (decision_due_at) WHERE stage <> 'resolved';
--bun:split
CREATE TABLE complaint_photos (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    file_name     text NOT NULL UNIQUE CHECK (file_name ~ '^[a-z0-9]{16,64}\.(jpg|png)$'),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    telegram_file_id text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE TABLE complaint_messages (
    id           bigserial PRIMARY KEY,
    complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    author_id    bigint REFERENCES users (id),
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at   timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX complaint_messages_idx ON complaint_messages (complaint_id, created_at);
--bun:split
CREATE TABLE nps_responses (
    id          bigserial PRIMARY KEY,
    company_id  bigint NOT NULL REFERENCES companies (id),
    user_id     bigint NOT NULL REFERENCES users (id),
    order_id    bigint REFERENCES orders (id),
    trigger     text NOT NULL CHECK (trigger IN ('after_delivery', 'quarterly')),
    trigger_ref text NOT NULL, -- the order number, or the quarter as '2026Q4'
    channel     text NOT NULL CHECK (channel IN ('portal', 'bot')),
    score       smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment     text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, trigger, trigger_ref, user_id),
    CHECK ((trigger = 'after_delivery') = (order_id IS NOT NULL))
);
--bun:split
CREATE UNIQUE INDEX nps_one_per_order_idx ON nps_responses (order_id) WHERE order_id IS NOT NULL;
--bun:split
CREATE TABLE business_hours (
    country      char(2) PRIMARY KEY CHECK (country IN ('PL', 'FI', 'RU')),
    time_zone    text NOT NULL,
    day_start    time NOT NULL,
    day_end      time NOT NULL,
    working_days smallint[] NOT NULL DEFAULT '{1,2,3,4,5}', -- ISO weekdays
    ack_hours    integer NOT NULL DEFAULT 4 CHECK (ack_hours > 0),
    decide_hours integer NOT NULL DEFAULT 40 CHECK (decide_hours > 0),
    CHECK (day_end > day_start)
);
--bun:split
CREATE TABLE public_holidays (
    country char(2) NOT NULL CHECK (country IN ('PL', 'FI', 'RU')),
    day     date NOT NULL,
    name    text NOT NULL DEFAULT '',
    PRIMARY KEY (country, day)
);
--bun:split
INSERT INTO business_hours (country, time_zone, day_start, day_end) VALUES
    ('PL', 'Europe/Warsaw', '08:00', '16:00'),
    ('FI', 'Europe/Helsinki', '08:00', '16:00'),
    ('RU', 'Europe/Moscow', '09:00', '18:00');
