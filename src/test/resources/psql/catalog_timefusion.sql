-- Catalog commands whose output differs from PostgreSQL's by design, checked against what
-- TimeFusion means to print (catalog_timefusion.expected, written by hand):
-- one database (PostgreSQL also lists template0 and template1),
\l
-- no extensions (PostgreSQL lists plpgsql),
\dx
-- no table sizes (PostgreSQL's empty tables take 8192 bytes),
\dt+
-- no procedural languages (PostgreSQL lists plpgsql),
\dL
-- no casts, operator classes or families, text search objects: PostgreSQL lists its built-in ones,
\dC+
\dAc+
\dAf+
\dAo+
\dAp+
\dFd+
\dFp
\dFt+
-- no tablespace sizes (as for tables),
\db+
-- and no settings told apart from their defaults (PostgreSQL lists those of the server's start).
\dconfig+
