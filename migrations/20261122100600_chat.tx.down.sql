DROP TABLE IF EXISTS kv_settings, telegram_outbox, telegram_updates, telegram_link_tokens, handoffs, chat_messages, conversations;
