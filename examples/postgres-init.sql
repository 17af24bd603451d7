-- Run once by the postgres image on an empty data folder (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d): one database per migrations/postgres-<name> folder.
CREATE DATABASE product;
CREATE DATABASE "user";
CREATE DATABASE "order";
