-- +goose Up
INSERT INTO authors (id, name) VALUES (1, 'Godwit');
INSERT INTO posts (author_id, title, body)
VALUES (1, 'Welcome', 'Applied by godwit up; rolled back by godwit down.');

-- +goose Down
DELETE FROM posts WHERE author_id = 1;
DELETE FROM authors WHERE id = 1;
