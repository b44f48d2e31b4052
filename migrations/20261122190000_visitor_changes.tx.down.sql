DROP TRIGGER IF EXISTS sessions_visitor_changed ON sessions;
DROP TRIGGER IF EXISTS users_visitor_changed ON users;
DROP TRIGGER IF EXISTS companies_visitor_changed ON companies;
DROP FUNCTION IF EXISTS visitor_changed();
