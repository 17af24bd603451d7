ALTER TABLE products DROP COLUMN category_id;
DROP TABLE categories;
