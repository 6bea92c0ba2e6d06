-- The task list filters a unit's subtree by open/overdue/on-time and sorts by deadline:
-- this index answers the count and the page without touching the table.
CREATE INDEX tasks_unit_open ON tasks(lead_unit_id, completed_on, withdrawn_on, deadline_current, state, report_level);
