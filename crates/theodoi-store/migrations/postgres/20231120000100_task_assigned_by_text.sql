-- The assigning leader as written in an imported spreadsheet when no leader account fits
-- ("Chủ tịch UBND tỉnh", a former leader's name): kept, never a reason to refuse a row.
ALTER TABLE tasks ADD COLUMN assigned_by_text TEXT NOT NULL DEFAULT '';
