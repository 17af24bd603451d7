-- Seed data for development and staging: applied only with `--seed`, tracked in its own store.
-- +goose Up
INSERT INTO categories (slug, name) VALUES
    ('books', 'Books'),
    ('garden', 'Garden');

-- +goose Down
DELETE FROM categories WHERE slug IN ('books', 'garden');
