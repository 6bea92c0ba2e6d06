-- Dashboard: units without a progress report in a period read the period's reports by date.
CREATE INDEX progress_reports_date ON progress_reports(report_date, task_id);
