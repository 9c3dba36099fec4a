-- Catalog commands whose output differs from PostgreSQL's by design, checked against what
-- TimeFusion means to print (catalog_timefusion.expected, written by hand):
-- one database (PostgreSQL also lists template0 and template1),
\l
-- no extensions (PostgreSQL lists plpgsql),
\dx
-- and no table sizes (PostgreSQL's empty tables take 8192 bytes).
\dt+
