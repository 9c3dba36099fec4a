package io.timefusion.sql.pgcatalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalog relations whose rows depend on the session (its user, database, settings) or on
 * other catalog relations, as DuckDB SELECTs over the catalog schemas. Each yields the columns of
 * its {@link CatalogRelation}, in order; {@link CatalogRelation#createView} casts them to the
 * declared types. The session's values come from the DuckDB variables {@link PgCatalog} sets.
 */
final class CatalogViews {
  private CatalogViews() {}

  /** View SQL by relation name, in an order in which each view's dependencies come first. */
  static final Map<String, String> SQL = new LinkedHashMap<>();

  static {
    SQL.put("pg_authid", """
        SELECT 10, getvariable('tf_user'), true, true, true, true, true, true, true, -1, NULL, NULL
        UNION ALL
        SELECT 6171, 'pg_database_owner', false, true, false, false, false, false, false, -1, NULL, NULL""");
    SQL.put("pg_roles", """
        SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
          rolconnlimit, '********', rolvaliduntil, rolbypassrls, NULL, oid
        FROM tf_pg_catalog.pg_authid""");
    SQL.put("pg_user", """
        SELECT rolname, oid, rolcreatedb, rolsuper, rolreplication, rolbypassrls, '********', rolvaliduntil, NULL
        FROM tf_pg_catalog.pg_authid WHERE rolcanlogin""");
    // DuckDB compares strings byte by byte, which is PostgreSQL's C collation.
    SQL.put("pg_database", """
        SELECT 5, getvariable('tf_database'), 10, 6, 'c', false, true, -1, 0, 1, 1663, 'C', 'C', NULL, NULL, NULL, NULL""");
    SQL.put("pg_settings", """
        SELECT e.key, e.value, NULL, NULL, NULL, NULL, 'user', 'string', 'default', NULL, NULL, NULL,
          e.value, e.value, NULL, NULL, false
        FROM (SELECT unnest(map_entries(getvariable('tf_settings'))) AS e)""");
    SQL.put("pg_stat_activity", """
        SELECT 5, getvariable('tf_database'), getvariable('tf_pid'), NULL, 10, getvariable('tf_user'),
          tf_pg_catalog.current_setting('application_name', true), NULL, NULL, NULL, NULL, NULL, NULL, NULL,
          NULL, NULL, 'active', NULL, NULL, NULL, NULL, 'client backend'""");
    SQL.put("pg_tables", """
        SELECT n.nspname, c.relname, tf_pg_catalog.pg_get_userbyid(c.relowner), NULL, c.relhasindex,
          c.relhasrules, c.relhastriggers, c.relrowsecurity
        FROM tf_pg_catalog.pg_class c JOIN tf_pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p')""");
    SQL.put("pg_views", """
        SELECT n.nspname, c.relname, tf_pg_catalog.pg_get_userbyid(c.relowner), NULL
        FROM tf_pg_catalog.pg_class c JOIN tf_pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'v'""");
    SQL.put("schemata", """
        SELECT getvariable('tf_database'), n.nspname, tf_pg_catalog.pg_get_userbyid(n.nspowner),
          NULL, NULL, NULL, NULL
        FROM tf_pg_catalog.pg_namespace n""");
    SQL.put("tables", """
        SELECT getvariable('tf_database'), n.nspname, c.relname,
          CASE c.relkind WHEN 'v' THEN 'VIEW' ELSE 'BASE TABLE' END, NULL, NULL, NULL, NULL, NULL,
          CASE WHEN c.relkind = 'r' THEN 'YES' ELSE 'NO' END, 'NO', NULL
        FROM tf_pg_catalog.pg_class c JOIN tf_pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v', 'p', 'f')
        ORDER BY n.nspname, c.relname""");
    SQL.put("columns", """
        SELECT getvariable('tf_database'), n.nspname, c.relname, a.attname, a.attnum, NULL,
          CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END,
          CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' ELSE tf_pg_catalog.format_type(a.atttypid, NULL) END,
          NULL,
          CASE WHEN t.typcategory = 'S' AND t.typname <> 'name' THEN 1073741824 END,
          CASE t.typname WHEN 'int2' THEN 16 WHEN 'int4' THEN 32 WHEN 'int8' THEN 64 WHEN 'float4' THEN 24
            WHEN 'float8' THEN 53 END,
          CASE WHEN t.typname IN ('int2', 'int4', 'int8', 'float4', 'float8') THEN 2
            WHEN t.typname = 'numeric' THEN 10 END,
          CASE WHEN t.typname IN ('int2', 'int4', 'int8') THEN 0 END,
          CASE WHEN t.typname = 'date' THEN 0
            WHEN t.typname IN ('time', 'timestamp', 'timestamptz', 'interval') THEN 6 END,
          NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
          getvariable('tf_database'), 'pg_catalog', t.typname, NULL, NULL, NULL, NULL, CAST(a.attnum AS VARCHAR),
          'NO', 'NO', NULL, NULL, NULL, NULL, NULL, 'NO', 'NEVER', NULL,
          CASE WHEN c.relkind = 'r' THEN 'YES' ELSE 'NO' END
        FROM tf_pg_catalog.pg_attribute a
          JOIN tf_pg_catalog.pg_class c ON c.oid = a.attrelid
          JOIN tf_pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN tf_pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'p', 'f')
        ORDER BY n.nspname, c.relname, a.attnum""");
    SQL.put("views", """
        SELECT getvariable('tf_database'), n.nspname, c.relname, NULL, 'NONE', 'NO', 'NO', 'NO', 'NO', 'NO'
        FROM tf_pg_catalog.pg_class c JOIN tf_pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'v'""");
  }
}
