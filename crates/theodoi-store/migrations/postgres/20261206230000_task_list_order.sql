-- Task lists at a million tasks read a page, not a sort or a count of every row.
-- The default order (by deadline; PostgreSQL sorts NULLs last by itself):
CREATE INDEX tasks_deadline_list ON tasks(deadline_current, id);
-- Open tasks (overdue, due soon) by deadline, for the whole province and for the key tasks:
CREATE INDEX tasks_open_deadline ON tasks(deadline_current, id)
  WHERE completed_on IS NULL AND withdrawn_on IS NULL;
CREATE INDEX tasks_key_open ON tasks(deadline_current, id)
  WHERE is_key = 1 AND completed_on IS NULL AND withdrawn_on IS NULL;
-- A unit's open tasks: only open tasks in the index.
DROP INDEX tasks_unit_open;
CREATE INDEX tasks_unit_open ON tasks(lead_unit_id, deadline_current, state, report_level)
  WHERE completed_on IS NULL AND withdrawn_on IS NULL;
-- By lifecycle state (the inbox: new tasks, declined, awaiting confirmation):
CREATE INDEX tasks_state ON tasks(state, deadline_current, id);
ANALYZE tasks;
