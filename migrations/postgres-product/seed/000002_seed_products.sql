-- +goose Up
INSERT INTO products (sku, name, price_cents, category_id)
SELECT 'BK-0001', 'The Bar-tailed Godwit', 1999, id FROM categories WHERE slug = 'books';

-- +goose Down
DELETE FROM products WHERE sku = 'BK-0001';
