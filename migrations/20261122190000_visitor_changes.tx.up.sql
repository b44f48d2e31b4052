-- The portal keeps each session's row (with its user and company) in memory
-- (account.Visitors). Every change to a session, user or company is
-- announced on the channel pd_visitors, whoever makes it, so that every
-- instance drops what it kept: "s:<token hash in hex>", "u:<id>", "c:<id>".
CREATE FUNCTION visitor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('pd_visitors', 's:' || encode(OLD.token_hash, 'hex'));
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('pd_visitors', 'u:' || OLD.id);
  ELSE
    PERFORM pg_notify('pd_visitors', 'c:' || OLD.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_visitor_changed AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION visitor_changed();
CREATE TRIGGER users_visitor_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION visitor_changed();
CREATE TRIGGER companies_visitor_changed AFTER UPDATE OR DELETE ON companies
  FOR EACH ROW EXECUTE FUNCTION visitor_changed();
