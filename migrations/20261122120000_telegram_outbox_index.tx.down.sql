DROP INDEX IF EXISTS telegram_outbox_chat_queued_idx;
--bun:split
DROP INDEX IF EXISTS telegram_outbox_chat_sent_idx;
