-- Issued (frozen) reports: the parameters and the figures as they were when the report was
-- issued. Rows are never changed or deleted; recomputing shows what changed since.
CREATE TABLE issued_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    params_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    issued_by INTEGER REFERENCES users(id),
    issued_by_name TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE TRIGGER issued_reports_no_update BEFORE UPDATE ON issued_reports
BEGIN SELECT RAISE(ABORT, 'issued_reports are frozen'); END;
CREATE TRIGGER issued_reports_no_delete BEFORE DELETE ON issued_reports
BEGIN SELECT RAISE(ABORT, 'issued_reports are frozen'); END;
