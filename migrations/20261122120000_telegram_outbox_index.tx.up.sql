-- The sender finds each chat's next message and last send time by chat.
CREATE INDEX telegram_outbox_chat_sent_idx ON telegram_outbox (chat_id, sent_at) WHERE status = 'sent';
--bun:split
CREATE INDEX telegram_outbox_chat_queued_idx ON telegram_outbox (chat_id, id) WHERE status = 'queued';
