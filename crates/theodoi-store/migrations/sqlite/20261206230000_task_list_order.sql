-- Task lists at a million tasks read a page, not a sort or a count of every row. SQLite's
-- planner prefers skip-scans of tasks_report for the province-wide lists, so the store names
-- the index for those (INDEXED BY, see tasks_read.rs).
-- The default order (by deadline, tasks without one last):
CREATE INDEX tasks_deadline_list ON tasks((deadline_current IS NULL), deadline_current, id);
-- Open tasks (overdue, due soon) by deadline, for the whole province and for the key tasks:
CREATE INDEX tasks_open_deadline ON tasks(deadline_current, id)
  WHERE completed_on IS NULL AND withdrawn_on IS NULL;
CREATE INDEX tasks_key_open ON tasks(deadline_current, id)
  WHERE is_key = 1 AND completed_on IS NULL AND withdrawn_on IS NULL;
-- A unit's open tasks: only open tasks in the index (the old one held every task, and the
-- planner chose to skip-scan it for the province-wide overdue list).
DROP INDEX tasks_unit_open;
CREATE INDEX tasks_unit_open ON tasks(lead_unit_id, deadline_current, state, report_level)
  WHERE completed_on IS NULL AND withdrawn_on IS NULL;
-- By lifecycle state in the list's order (the inbox: new, declined, awaiting confirmation):
CREATE INDEX tasks_state ON tasks(state, (deadline_current IS NULL), deadline_current, id);
-- Statistics for the new indexes, so the planner weighs them.
ANALYZE tasks;
