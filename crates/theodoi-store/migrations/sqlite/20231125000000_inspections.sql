-- The working group (Tổ công tác, issue 7 item 4): inspection plans and their visits, with the
-- conclusions (tính chất, mức độ, nguyên nhân, trách nhiệm), and the tasks an inspection
-- concerns or created. One row is both the plan and its visit: a plan becomes 'done' when
-- the visit is recorded.
CREATE TABLE inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    planned_on TEXT NOT NULL,
    visited_on TEXT,
    members TEXT NOT NULL DEFAULT '',
    nature TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL DEFAULT '',
    causes TEXT NOT NULL DEFAULT '',
    responsibility TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done')),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX inspections_unit ON inspections(unit_id);

-- 'concerns': the inspection looked at the task; 'created': the task was given from its
-- conclusions.
CREATE TABLE inspection_tasks (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    relation TEXT NOT NULL CHECK (relation IN ('concerns', 'created')),
    PRIMARY KEY (inspection_id, task_id)
);
CREATE INDEX inspection_tasks_task ON inspection_tasks(task_id);
