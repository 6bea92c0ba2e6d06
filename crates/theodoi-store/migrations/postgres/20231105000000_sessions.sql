-- Web sign-in sessions. The cookie carries a random id; only its SHA-256 is stored, so a
-- copy of the database does not let anyone sign in. Each session has its own CSRF token.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
