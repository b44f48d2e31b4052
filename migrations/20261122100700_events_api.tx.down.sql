DROP TABLE IF EXISTS idempotency_keys, api_keys, notifications, event_cursors, events;
