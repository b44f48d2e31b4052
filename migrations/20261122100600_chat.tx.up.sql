-- Bot conversations (Telegram and the portal panel), handoffs and the Telegram queues.
CREATE TABLE conversations (
    id            bigserial PRIMARY KEY,
    channel       text NOT NULL CHECK (channel IN ('telegram', 'portal')),
    telegram_chat_id bigint,
    user_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    company_id    bigint REFERENCES companies (id),
    language      text NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'ru', 'fi')),
    mode          text NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'human')),
    state         text NOT NULL DEFAULT '',
    state_data    jsonb NOT NULL DEFAULT '{}',
    misunderstood smallint NOT NULL DEFAULT 0 CHECK (misunderstood >= 0),
    version       integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((channel = 'telegram') = (telegram_chat_id IS NOT NULL))
);
--bun:split
CREATE UNIQUE INDEX conversations_telegram_key ON conversations (telegram_chat_id) WHERE channel = 'telegram';
--bun:split
CREATE UNIQUE INDEX conversations_portal_key ON conversations (user_id) WHERE channel = 'portal';
--bun:split
CREATE TABLE chat_messages (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    direction       text NOT NULL CHECK (direction IN ('in', 'out')),
    author          text NOT NULL CHECK (author IN ('customer', 'bot', 'manager')),
    author_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    body            text NOT NULL DEFAULT '',
    buttons         jsonb NOT NULL DEFAULT '[]',
    photo_file_id   text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, id);
--bun:split
CREATE TABLE handoffs (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    company_id      bigint REFERENCES companies (id),
    reason          text NOT NULL CHECK (reason IN ('asked', 'not_understood', 'detractor', 'complaint')),
    status          text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'taken', 'closed')),
    manager_id      bigint REFERENCES users (id),
    complaint_id    bigint REFERENCES complaints (id),
    nps_response_id bigint REFERENCES nps_responses (id),
    pickup_due_at   timestamptz NOT NULL,
    escalated_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    taken_at        timestamptz,
    closed_at       timestamptz,
    CHECK (status = 'waiting' OR manager_id IS NOT NULL OR status = 'closed')
);
--bun:split
-- At most one open handoff per conversation.
CREATE UNIQUE INDEX handoffs_open_key ON handoffs (conversation_id) WHERE status <> 'closed';
--bun:split
CREATE TABLE telegram_link_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
--bun:split
-- Updates already handled (ids are deduplicated; Telegram restarts them at random).
CREATE TABLE telegram_updates (
    update_id  bigint PRIMARY KEY,
    handled_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
-- Outbound messages; sent by one worker at the rates Telegram allows.
CREATE TABLE telegram_outbox (
    id           bigserial PRIMARY KEY,
    chat_id      bigint NOT NULL,
    method       text NOT NULL DEFAULT 'sendMessage',
    params       jsonb NOT NULL,
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before   timestamptz NOT NULL DEFAULT now(),
    last_error   text NOT NULL DEFAULT '',
    message_id   bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
--bun:split
CREATE INDEX telegram_outbox_queued_idx ON telegram_outbox (not_before, id) WHERE status IN ('queued', 'sending');
--bun:split
CREATE TABLE kv_settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
