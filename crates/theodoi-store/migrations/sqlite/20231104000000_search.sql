-- Search index: one row per searchable record with its folded words (folded in Rust:
-- lower case, no diacritics, đ → d, abbreviations with their full names), kept in the same
-- transaction as the write it follows; FTS5 over the words.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    words TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE VIRTUAL TABLE search_fts USING fts5(words, content='search_docs', content_rowid='id');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', old.id, old.words);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, words) VALUES ('delete', old.id, old.words);
    INSERT INTO search_fts(rowid, words) VALUES (new.id, new.words);
END;
