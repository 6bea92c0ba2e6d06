-- Follow-up automation (issue 7): e-mail and delivery preference of users, a unit's contact
-- person, recorded notifications (one row per reminder, UNIQUE dedupe key), e-mail digest
-- claims (one per person per day, so two instances never send the same digest), urgings.
-- The reminder rules themselves are rows of the settings table (keys remind.*).

ALTER TABLE users ADD COLUMN email TEXT;
-- 'email' = e-mail and in-app; 'in_app' = in-app only.
ALTER TABLE users ADD COLUMN delivery TEXT NOT NULL DEFAULT 'email';
ALTER TABLE units ADD COLUMN contact_user_id INTEGER REFERENCES users(id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    task_id INTEGER REFERENCES tasks(id),
    dedupe_key TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL,
    deadline TEXT,
    days_overdue INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    read_at TEXT,
    emailed_at TEXT,
    email_attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX notifications_recipient ON notifications(recipient_id, read_at);
CREATE INDEX notifications_task ON notifications(task_id);
CREATE INDEX notifications_mail ON notifications(emailed_at, recipient_id);

-- One e-mail digest per person per day. An instance claims a digest by moving claimed_until
-- forward only when it has passed; sent_at is set after the server accepted the message.
CREATE TABLE email_digests (
    recipient_id INTEGER NOT NULL REFERENCES users(id),
    day TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (recipient_id, day)
);

-- Urgings (đôn đốc) recorded on a task: counted as "số lần đôn đốc".
CREATE TABLE urgings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    urged_on TEXT NOT NULL,
    document_number TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX urgings_task ON urgings(task_id);
