-- Socio-economic indicators and public-investment disbursement (issue 5).
-- Values are REAL (the indicator's decimals decide comparisons); money is integer đồng.

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_of_measure TEXT NOT NULL,
    decimals INTEGER NOT NULL,
    direction TEXT NOT NULL,
    aggregation TEXT NOT NULL,
    responsible_unit_id INTEGER REFERENCES units(id),
    decision TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE indicator_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    low REAL,
    high REAL,
    wording TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (indicator_id, unit_id, period)
);
CREATE INDEX indicator_targets_period ON indicator_targets(period, unit_id);

CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    value REAL NOT NULL,
    quality TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    reporter_id INTEGER REFERENCES users(id),
    weight REAL,
    reported_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX indicator_values_key ON indicator_values(period, indicator_id, unit_id);

CREATE TABLE indicator_tasks (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (indicator_id, task_id)
);

CREATE TABLE invest_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES invest_sources(id)
);

CREATE TABLE invest_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    source_id INTEGER NOT NULL REFERENCES invest_sources(id),
    project TEXT NOT NULL DEFAULT '',
    investor_unit_id INTEGER REFERENCES units(id),
    amount INTEGER NOT NULL,
    pm_amount INTEGER,
    decision TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (year, unit_id, source_id, project)
);
CREATE INDEX invest_plans_year ON invest_plans(year, unit_id);

CREATE TABLE invest_adjustments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES invest_plans(id),
    date TEXT NOT NULL,
    delta INTEGER NOT NULL,
    decision TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invest_adjustments_plan ON invest_adjustments(plan_id);

CREATE TABLE invest_disbursements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES invest_plans(id),
    as_of TEXT NOT NULL,
    cumulative INTEGER NOT NULL,
    reporter_id INTEGER REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX invest_disbursements_plan ON invest_disbursements(plan_id, as_of);
