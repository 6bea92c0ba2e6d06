-- Search at a million tasks: each index entry also carries tags (its kind, and for a task
-- the lead and co-operating units) in a column of their own, so that the kind and a unit's
-- permission scope are matched inside FTS5 instead of by scanning the tasks; prefix indexes
-- for 2 to 6 letters (nearly every Vietnamese syllable) make the word being typed as cheap
-- as a whole word (without them FTS5 merges every term with that prefix: 110 ms for
-- "hoach" at a million tasks, against 1 ms).
DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;
ALTER TABLE search_docs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE search_docs SET tags = CASE kind
    WHEN 'unit' THEN 'ku'
    WHEN 'document' THEN 'kd'
    ELSE 'kt u' || (SELECT lead_unit_id FROM tasks WHERE tasks.id = search_docs.ref_id)
        || COALESCE((SELECT ' u' || group_concat(unit_id, ' u') FROM task_coop_units
                     WHERE task_coop_units.task_id = search_docs.ref_id), '')
END;
CREATE VIRTUAL TABLE search_fts USING fts5(words, tags, content='search_docs', content_rowid='id', prefix='2 3 4 5 6');
INSERT INTO search_fts(search_fts) VALUES ('rebuild');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, words, tags) VALUES (new.id, new.words, new.tags);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, words, tags) VALUES ('delete', old.id, old.words, old.tags);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, words, tags) VALUES ('delete', old.id, old.words, old.tags);
    INSERT INTO search_fts(rowid, words, tags) VALUES (new.id, new.words, new.tags);
END;
