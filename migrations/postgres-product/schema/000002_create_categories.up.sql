CREATE TABLE categories (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL
);

ALTER TABLE products ADD COLUMN category_id bigint REFERENCES categories (id) ON DELETE SET NULL;
