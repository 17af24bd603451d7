-- +goose Up
ALTER TABLE posts ADD COLUMN updated_at TEXT;

-- A trigger body holds semicolons; StatementBegin/End keeps it one statement.
-- +goose StatementBegin
CREATE TRIGGER posts_touch AFTER UPDATE OF title, body ON posts
BEGIN
    UPDATE posts SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER posts_touch;
ALTER TABLE posts DROP COLUMN updated_at;
