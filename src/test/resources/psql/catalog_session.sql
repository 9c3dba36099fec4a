-- psql's catalog commands and the catalog functions and casts clients use. The expected output
-- is PostgreSQL 15's for the same tables (see PostgresOracleCatalogSessionTest).
\dn
\dn+
\du
\dt
\d
\d otel_logs_and_spans
\d+ otel_metrics
\df
\dT
-- commands over catalogs TimeFusion keeps empty, as PostgreSQL's are for these tables
\dd
\dc
\dl
\lo_list
\dD+
\des+
\dew+
\det+
\deu+
\dP+
\dRs+
\dX+
-- psql 15's tab-completion queries: SELECT * FROM otel_<tab>, WHERE metric_<tab>, SET datest<tab>
-- (the column query is ordered here; psql sorts what it completes)
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND (c.relname) LIKE 'otel\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
UNION ALL
SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'otel\_%' AND n.nspname NOT LIKE E'pg\\_%'
LIMIT 1000;
SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE 'metric\_%' AND c.relname = 'otel_metrics' AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1 LIMIT 1000;
SELECT pg_catalog.lower(name) FROM pg_catalog.pg_settings  WHERE context IN ('user', 'superuser')    AND pg_catalog.lower(name) LIKE pg_catalog.lower('datest%')
LIMIT 1000;
SELECT c.relname, n.nspname FROM pg_catalog.pg_class c, pg_catalog.pg_namespace n WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND (c.relname) LIKE 'pg\_names%' AND n.nspname = 'pg_catalog'
LIMIT 1000;
-- functions
SELECT current_schema(), current_schema, current_user, session_user, user;
SELECT current_schemas(true), current_schemas(false);
SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('standard_conforming_strings'), current_setting('no_such_setting', true);
SET application_name = 'catalog session';
SELECT current_setting('application_name');
SELECT has_table_privilege('otel_logs_and_spans', 'SELECT'), has_table_privilege('postgres', 'otel_logs_and_spans', 'INSERT'), has_schema_privilege('public', 'USAGE');
SELECT format_type(25, NULL), format_type(1184, NULL), format_type(1009, NULL), format_type(16, -1), format_type(701, NULL), format_type(1016, NULL), format_type(NULL, NULL), format_type(18, NULL);
SELECT obj_description('otel_metrics'::regclass, 'pg_class'), col_description('otel_metrics'::regclass, 11), col_description('otel_metrics'::regclass, 1);
SELECT obj_description('public'::regnamespace, 'pg_namespace');
SELECT pg_get_userbyid(10), pg_encoding_to_char(6), pg_table_is_visible('otel_metrics'::regclass), pg_get_expr(NULL, 0);
SELECT array_to_string(ARRAY['a', NULL, 'b'], ','), array_upper(ARRAY[1,2,3], 1), array_lower(ARRAY[1,2,3], 1), array_upper('{}'::int[], 1);
SELECT quote_ident('otel_metrics'), quote_ident('timestamp'), quote_ident('Mixed'), quote_ident('select'), quote_ident('a"b'), quote_ident('user');
SELECT parse_ident('public.otel_metrics'), parse_ident('"Foo".Bar');
SELECT pg_size_pretty(8192::bigint), pg_size_pretty(10240::bigint), pg_size_pretty(123456789::bigint), pg_size_pretty(5000000000000::bigint);
-- casts
SELECT 'otel_logs_and_spans'::regclass, 'public.otel_metrics'::regclass, 'pg_class'::regclass, 'pg_catalog.pg_type'::regclass, 'information_schema.columns'::regclass::text;
SELECT 'otel_logs_and_spans'::regclass::oid = c.oid FROM pg_class c WHERE relname = 'otel_logs_and_spans';
SELECT to_regclass('otel_metrics'), to_regclass('no_such_table');
SELECT 'int4'::regtype, 'integer'::regtype, 'timestamptz'::regtype, 'text[]'::regtype, 'double precision'::regtype::oid, 'bigint'::regtype::oid;
SELECT to_regtype('json'), to_regtype('no_such_type');
SELECT c.relname, c.oid::regclass AS cls FROM pg_class c WHERE c.relname LIKE 'otel%' ORDER BY 1;
SELECT a.attname, a.atttypid::regtype FROM pg_attribute a WHERE a.attrelid = 'otel_metrics'::regclass AND a.attnum BETWEEN 1 AND 4 ORDER BY a.attnum;
SELECT 'pg_catalog.array_in'::regproc, 'int4in'::regproc;
SELECT oid, typname FROM pg_type WHERE typinput = 'array_in'::regproc AND typelem = 25;
-- operators and array literals as PostgreSQL reads them
SELECT 'x' ~ 'x', 'pg_catalog' ~ '^pg_', 'pg_catalog' !~ '^pg_', 'ABC' ~* 'b', 'ABC' !~* 'b', 'abc' SIMILAR TO 'b';
SELECT x FROM unnest('{a,b,NULL}'::text[]) AS x;
SELECT 'b' = ANY('{a,b}'), 'c' <> ALL('{a,b}');
-- catalog relations
SELECT setting FROM pg_settings WHERE name = 'max_index_keys';
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 2;
SELECT column_name, data_type, is_nullable, udt_name, ordinal_position FROM information_schema.columns WHERE table_name = 'otel_metrics' ORDER BY ordinal_position;
SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 2;
SELECT amname, amtype FROM pg_am ORDER BY oid;
-- the system column tableoid: the catalog relation's own OID
SELECT c.tableoid::regclass, n.tableoid = 'pg_namespace'::regclass AS ns, c.tableoid AS oid FROM pg_class c, pg_namespace n WHERE c.relname = 'otel_metrics' AND n.nspname = 'public';
SELECT d.description FROM pg_namespace n LEFT JOIN pg_description d ON d.classoid = n.tableoid AND d.objoid = n.oid AND d.objsubid = 0 WHERE n.nspname = 'public';
SELECT (SELECT t.tableoid FROM pg_type t LIMIT 1) AS inner_t, (SELECT c.tableoid FROM pg_am c LIMIT 1) AS inner_c, c.tableoid AS outer_c, tableoid FROM pg_class c WHERE c.relname = 'pg_am';
SELECT t.tableoid FROM (SELECT 1 AS tableoid) t;
