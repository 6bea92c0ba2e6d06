-- Search at a million tasks: each index entry also carries tags (its kind, and for a task
-- the lead and co-operating units), weighted D in the tsvector while the words are weighted
-- A, so that the kind and a unit's permission scope are matched by the GIN index instead of
-- by scanning the tasks, and typed words never match a tag.
ALTER TABLE search_docs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE search_docs SET tags = CASE kind
    WHEN 'unit' THEN 'ku'
    WHEN 'document' THEN 'kd'
    ELSE 'kt u' || (SELECT lead_unit_id FROM tasks WHERE tasks.id = search_docs.ref_id)
        || COALESCE((SELECT ' u' || string_agg(CAST(unit_id AS TEXT), ' u') FROM task_coop_units
                     WHERE task_coop_units.task_id = search_docs.ref_id), '')
END;
DROP INDEX search_docs_tsv;
ALTER TABLE search_docs DROP COLUMN tsv;
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS
    (setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', tags), 'D')) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
