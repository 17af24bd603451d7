-- Orders point at users and products by id only: those live in other databases
-- (postgres-user, postgres-product), so there is no foreign key across them.
CREATE TABLE orders (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL,
    placed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id ON orders (user_id);
