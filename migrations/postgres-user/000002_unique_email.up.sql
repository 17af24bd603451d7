-- One account per address, whatever its case.
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
