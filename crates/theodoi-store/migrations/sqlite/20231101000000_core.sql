-- theodoi core schema. Dates users mean are ISO-8601 text (YYYY-MM-DD); instants are
-- RFC 3339 UTC text; flags are 0/1 integers; money is integer đồng. The PostgreSQL
-- migration of the same name has the same tables and columns.

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    valid_from TEXT,
    valid_to TEXT,
    successor_id INTEGER REFERENCES units(id),
    name_folded TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_aliases (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    alias TEXT NOT NULL,
    alias_folded TEXT NOT NULL,
    PRIMARY KEY (unit_id, alias)
);
CREATE INDEX unit_aliases_folded ON unit_aliases(alias_folded);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    title TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL,
    doc_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    issuer_unit_id INTEGER REFERENCES units(id),
    issuer_text TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    secrecy TEXT NOT NULL DEFAULT 'normal',
    urgency TEXT NOT NULL DEFAULT 'normal',
    parent_id INTEGER REFERENCES documents(id),
    folded TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(doc_date);
CREATE INDEX documents_parent ON documents(parent_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);

CREATE TABLE assignment_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    content TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id),
    created_at TEXT NOT NULL
);

-- report_level: 0 = counted in reports (top-level task or an occurrence of a recurring one),
-- 1 = delegated to a sub-unit (has a parent task), 2 = the template of a recurring series.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER REFERENCES documents(id),
    clause TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    folded TEXT NOT NULL,
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    lead_since TEXT NOT NULL,
    assigned_by_user_id INTEGER REFERENCES users(id),
    assigned_by_unit_id INTEGER REFERENCES units(id),
    assigned_on TEXT NOT NULL,
    deadline_kind TEXT NOT NULL,
    deadline_text TEXT NOT NULL DEFAULT '',
    deadline_original TEXT,
    deadline_current TEXT,
    deadline_changed_on TEXT,
    recurrence TEXT,
    series_id INTEGER REFERENCES tasks(id),
    period_label TEXT NOT NULL DEFAULT '',
    is_key INTEGER NOT NULL DEFAULT 0,
    field TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES tasks(id),
    group_id INTEGER REFERENCES assignment_groups(id),
    report_level INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    completed_on TEXT,
    withdrawn_on TEXT,
    has_suspensions INTEGER NOT NULL DEFAULT 0,
    has_claims INTEGER NOT NULL DEFAULT 0,
    secret INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The report scans this covering index only.
CREATE INDEX tasks_report ON tasks(report_level, assigned_on, completed_on, withdrawn_on, deadline_current,
    deadline_changed_on, deadline_original, lead_unit_id, lead_since, has_suspensions, has_claims, group_id, assigned_by_unit_id, assigned_by_user_id);
CREATE INDEX tasks_lead ON tasks(lead_unit_id, assigned_on);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_group ON tasks(group_id);
CREATE INDEX tasks_series ON tasks(series_id);
CREATE INDEX tasks_deadline ON tasks(deadline_current);

CREATE TABLE task_coop_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coop_units_unit ON task_coop_units(unit_id);

CREATE TABLE task_leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    from_date TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_leads_task ON task_leads(task_id, from_date);

CREATE TABLE task_deadlines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    effective_on TEXT NOT NULL,
    deadline TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_deadlines_task ON task_deadlines(task_id, effective_on);

CREATE TABLE task_suspensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    from_date TEXT NOT NULL,
    until_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_suspensions_task ON task_suspensions(task_id);

CREATE TABLE progress_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    report_date TEXT NOT NULL,
    body TEXT NOT NULL,
    percent INTEGER,
    author_id INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(task_id);

CREATE TABLE completion_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    finished_on TEXT NOT NULL,
    claimed_on TEXT NOT NULL,
    result_number TEXT NOT NULL DEFAULT '',
    result_text TEXT NOT NULL,
    claimed_by INTEGER REFERENCES users(id),
    claimed_at TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT 'pending',
    decided_by INTEGER REFERENCES users(id),
    decided_on TEXT,
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX completion_claims_task ON completion_claims(task_id);

CREATE TABLE extension_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    reason TEXT NOT NULL,
    proposed_deadline TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    requested_on TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT 'pending',
    decided_by INTEGER REFERENCES users(id),
    decided_on TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extension_requests_task ON extension_requests(task_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
