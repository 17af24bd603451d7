-- Building the index CONCURRENTLY keeps the table writable while it builds; PostgreSQL refuses
-- that inside a transaction, so this migration runs outside one (recorded dirty until it ends).
-- +goose NO TRANSACTION

-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS products_name_lower ON products (lower(name));

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS products_name_lower;
