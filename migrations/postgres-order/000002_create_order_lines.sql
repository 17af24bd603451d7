-- +goose Up
CREATE TABLE order_lines (
    order_id    bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     integer NOT NULL,
    product_id  bigint  NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- +goose Down
DROP TABLE order_lines;
