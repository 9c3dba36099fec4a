package io.timefusion.sql.pgcatalog;

import io.timefusion.catalog.PgTypeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's catalog and session functions as DuckDB macros in the catalog schema; {@code
 * io.timefusion.sql.rewrite.CatalogReferences} points client calls at them. Name and OID
 * lookups (regclass, regtype, format_type) are CASE expressions generated from the catalog's
 * contents, so they need no subquery and work anywhere, join conditions included.
 */
final class CatalogFunctions {
  private CatalogFunctions() {}

  private static final String S = PgCatalog.DUCKDB_PG_CATALOG;

  /**
   * The PostgreSQL functions implemented here, by their PostgreSQL name. A client's call of one of
   * these, bare or qualified with pg_catalog or information_schema, calls the macro of the same
   * name in the catalog schema.
   */
  static final Set<String> PG_FUNCTIONS =
      Set.of(
          "_pg_expandarray", "array_lower", "array_upper", "col_description", "current_database", "current_schema",
          "current_schemas", "current_setting", "format_type", "getdatabaseencoding", "has_any_column_privilege",
          "has_column_privilege", "has_database_privilege", "has_function_privilege", "has_schema_privilege",
          "has_sequence_privilege", "has_table_privilege", "has_tablespace_privilege", "inet_client_addr",
          "inet_client_port", "inet_server_addr", "inet_server_port", "obj_description", "parse_ident",
          "pg_backend_pid", "pg_char_to_encoding", "pg_database_size", "pg_encoding_to_char", "pg_function_is_visible",
          "pg_get_constraintdef", "pg_get_expr", "pg_get_function_arguments", "pg_get_function_identity_arguments",
          "pg_get_function_result", "pg_get_function_sqlbody", "pg_get_indexdef", "pg_get_keywords",
          "pg_get_partkeydef", "pg_get_ruledef", "pg_get_serial_sequence", "pg_get_statisticsobjdef_columns",
          "pg_get_triggerdef", "pg_get_userbyid", "pg_get_viewdef", "pg_has_role", "pg_indexes_size",
          "pg_is_in_recovery", "pg_options_to_table", "pg_partition_tree", "pg_relation_is_publishable",
          "pg_relation_size", "pg_size_pretty", "pg_stat_get_numscans", "pg_statistics_obj_is_visible",
          "pg_table_is_visible", "pg_table_size", "pg_tablespace_location", "pg_tablespace_size",
          "pg_total_relation_size", "pg_type_is_visible", "quote_ident", "shobj_description", "to_regclass",
          "to_regnamespace", "to_regproc", "to_regrole", "to_regtype", "version");

  /** The functions of {@link #PG_FUNCTIONS} that return a table; the others are scalar. */
  static final Set<String> TABLE_FUNCTIONS = Set.of("pg_get_keywords", "pg_options_to_table", "pg_partition_tree");

  /** The macro behind a SQL value function written without parentheses ({@code current_user}). */
  static final Map<String, String> VALUE_FUNCTIONS =
      Map.of(
          "current_user", "tf_current_user",
          "session_user", "tf_current_user",
          "user", "tf_current_user",
          "current_role", "tf_current_user",
          "current_catalog", "current_database",
          "current_schema", "current_schema");

  /** The macros, in creation order. */
  static List<String> macros(CatalogContents contents, String serverVersion) {
    List<String> m = new ArrayList<>();
    m.add(macro("version()", literal(PgCatalog.versionString(serverVersion))));
    m.add(macro("current_database()", "getvariable('tf_database')"));
    m.add(macro("tf_current_user()", "getvariable('tf_user')"));
    m.add(macro("current_schema()", "'public'"));
    m.add(macro("current_schemas(implicit)", "CASE WHEN implicit THEN ['pg_catalog', 'public'] ELSE ['public'] END"));
    m.add(macro("pg_backend_pid()", "getvariable('tf_pid')"));
    // the ends of the session's connection (DuckDB's own inet_* functions answer NULL)
    m.add(macro("inet_server_addr()", "getvariable('tf_server_addr')"));
    m.add(macro("inet_server_port()", "getvariable('tf_server_port')"));
    m.add(macro("inet_client_addr()", "getvariable('tf_client_addr')"));
    m.add(macro("inet_client_port()", "getvariable('tf_client_port')"));
    String setting = "getvariable('tf_setting_values')[lower(name)]";
    m.add("CREATE MACRO " + S + ".current_setting(name) AS coalesce(" + setting
        + ", error('unrecognized configuration parameter \"' || name || '\"')), (name, missing_ok) AS CASE WHEN missing_ok THEN "
        + setting + " ELSE coalesce(" + setting + ", error('unrecognized configuration parameter \"' || name || '\"')) END");
    // One role owns and may do everything.
    for (String f : List.of("has_table_privilege", "has_schema_privilege", "has_database_privilege",
        "has_function_privilege", "has_sequence_privilege", "has_tablespace_privilege", "has_any_column_privilege")) {
      m.add("CREATE MACRO " + S + "." + f + "(a, b) AS true, (a, b, c) AS true");
    }
    m.add("CREATE MACRO " + S + ".has_column_privilege(a, b, c) AS true, (a, b, c, d) AS true");
    m.add("CREATE MACRO " + S + ".pg_has_role(a, b) AS true, (a, b, c) AS true");
    m.add(macro("format_type(type_oid, typemod)", formatType()));
    m.add("CREATE MACRO " + S + ".pg_get_expr(expr, relation) AS CAST(expr AS VARCHAR),"
        + " (expr, relation, pretty) AS CAST(expr AS VARCHAR)");
    // regclass and friends: text to OID (an error, or NULL for to_reg*, when there is no such object),
    // OID to the name PostgreSQL prints.
    String relation = "lower(regexp_replace(replace(CAST(name AS VARCHAR), '\"', ''), '^(pg_catalog|public)\\.', ''))";
    lookups(m, "regclass", "relation", oidLookup(relation, contents.relationKeys()));
    m.add(macro("tf_regclass_name(relation_oid)", nameLookup("relation_oid", contents.relationKeys(), true)));
    String type = "lower(regexp_replace(trim(CAST(name AS VARCHAR)), '^pg_catalog\\.', ''))";
    lookups(m, "regtype", "type", oidLookup(type, CatalogContents.typeKeys()));
    m.add(macro("tf_regtype_name(type_oid)", S + ".format_type(type_oid, NULL)"));
    Map<String, Integer> namespaces = new java.util.LinkedHashMap<>();
    for (CatalogRelation.Namespace ns : CatalogRelation.Namespace.values()) namespaces.put(ns.pgName, ns.oid);
    lookups(m, "regnamespace", "schema", oidLookup("lower(replace(CAST(name AS VARCHAR), '\"', ''))", namespaces));
    m.add(macro("tf_regnamespace_name(namespace_oid)", nameLookup("namespace_oid", namespaces, false)));
    int superuser = CatalogContents.SUPERUSER;
    int owner = CatalogContents.DATABASE_OWNER;
    lookups(m, "regrole", "role", "CASE replace(CAST(name AS VARCHAR), '\"', '') WHEN getvariable('tf_user') THEN " + superuser
        + " WHEN 'pg_database_owner' THEN " + owner + " END");
    m.add(macro("pg_get_userbyid(role_oid)",
        "CASE role_oid WHEN " + superuser + " THEN getvariable('tf_user') WHEN " + owner + " THEN 'pg_database_owner'"
            + " ELSE 'unknown (OID=' || CAST(role_oid AS VARCHAR) || ')' END"));
    m.add(macro("tf_regrole_name(role_oid)", S + ".pg_get_userbyid(role_oid)"));
    // The catalog keeps functions by name (regproc), and has no function rows to look them up in:
    // a regproc cast to oid is a number, '-' (none), or a function that does not exist.
    m.add(macro("to_regproc(name)", "CAST(NULL AS VARCHAR)"));
    m.add(macro("tf_regproc(name)", "regexp_replace(CAST(name AS VARCHAR), '^pg_catalog\\.', '')"));
    m.add(macro("tf_regproc_oid(name)", "CASE WHEN name IS NOT NULL THEN CAST(coalesce(TRY_CAST(name AS UINTEGER),"
        + " CASE WHEN name = '-' THEN 0 END, error('function \"' || name || '\" does not exist')) AS UINTEGER) END"));
    m.add("CREATE MACRO " + S + ".obj_description(object) AS (SELECT min(description) FROM " + S
        + ".pg_description d WHERE d.objoid = object AND d.objsubid = 0), (object, catalog) AS (SELECT min(description) FROM " + S
        + ".pg_description d WHERE d.objoid = object AND d.classoid = " + S + ".to_regclass(catalog) AND d.objsubid = 0)");
    m.add(macro("col_description(relation, column_number)", "(SELECT min(description) FROM " + S
        + ".pg_description d WHERE d.objoid = relation AND d.classoid = " + CatalogContents.PG_CLASS + " AND d.objsubid = column_number)"));
    m.add(macro("shobj_description(object, catalog)", "CAST(NULL AS VARCHAR)"));
    for (String f : List.of("pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible", "pg_statistics_obj_is_visible")) {
      m.add(macro(f + "(object)", "true"));
    }
    m.add(macro("getdatabaseencoding()", "'UTF8'"));
    m.add(macro("pg_encoding_to_char(encoding)", "CASE encoding WHEN 6 THEN 'UTF8' WHEN 0 THEN 'SQL_ASCII' ELSE '' END"));
    m.add(macro("pg_char_to_encoding(name)", "CASE upper(name) WHEN 'UTF8' THEN 6 WHEN 'SQL_ASCII' THEN 0 ELSE -1 END"));
    // One-dimensional arrays only: PostgreSQL's bounds are 1..n, and NULL for an empty array.
    m.add(macro("array_upper(a, dimension)", "CASE WHEN dimension = 1 AND len(a) > 0 THEN len(a) END"));
    m.add(macro("array_lower(a, dimension)", "CASE WHEN dimension = 1 AND len(a) > 0 THEN 1 END"));
    // There are no user functions, indexes, constraints, views, triggers or rules to describe.
    for (String f : List.of("pg_get_function_result", "pg_get_function_arguments", "pg_get_function_identity_arguments",
        "pg_get_function_sqlbody", "pg_get_partkeydef", "pg_get_statisticsobjdef_columns", "pg_get_serial_sequence")) {
      m.add("CREATE MACRO " + S + "." + f + "(a) AS CAST(NULL AS VARCHAR), (a, b) AS CAST(NULL AS VARCHAR)");
    }
    for (String f : List.of("pg_get_indexdef", "pg_get_constraintdef", "pg_get_viewdef", "pg_get_triggerdef", "pg_get_ruledef")) {
      m.add("CREATE MACRO " + S + "." + f + "(a) AS CAST(NULL AS VARCHAR), (a, b) AS CAST(NULL AS VARCHAR),"
          + " (a, b, c) AS CAST(NULL AS VARCHAR)");
    }
    m.add(macro("pg_relation_is_publishable(relation)", "false"));
    // Sizes of the Delta tables are not known to the catalog.
    for (String f : List.of("pg_table_size", "pg_total_relation_size", "pg_indexes_size", "pg_database_size", "pg_tablespace_size")) {
      m.add(macro(f + "(object)", "CAST(NULL AS BIGINT)"));
    }
    m.add("CREATE MACRO " + S + ".pg_relation_size(a) AS CAST(NULL AS BIGINT), (a, b) AS CAST(NULL AS BIGINT)");
    m.add(macro("pg_size_pretty(bytes)", sizePretty()));
    m.add(macro("pg_is_in_recovery()", "false"));
    // Statistics of index scans: there are no indexes.
    m.add(macro("pg_stat_get_numscans(object)", "CAST(0 AS BIGINT)"));
    m.add(macro("pg_tablespace_location(tablespace)", "''"));
    // PostgreSQL quotes an identifier unless it is lower-case letters, digits and _ and not a
    // keyword other than an unreserved one.
    m.add(macro("quote_ident(ident)",
        "CASE WHEN regexp_full_match(ident, '[a-z_][a-z0-9_$]*') AND NOT list_contains(" + listLiteral(PgKeywords.quoted())
            + ", ident) THEN ident ELSE '\"' || replace(ident, '\"', '\"\"') || '\"' END"));
    m.add(macro("parse_ident(ident)",
        "list_transform(regexp_extract_all(ident, '\"(?:[^\"]|\"\")*\"|[^.]+'),"
            + " lambda p: CASE WHEN p LIKE '\"%' THEN replace(p[2:-2], '\"\"', '\"') ELSE lower(trim(p)) END)"));
    // information_schema._pg_expandarray: the elements of an array with their positions, as (x, n) rows.
    m.add(macro("_pg_expandarray(a)", "unnest(list_transform(range(1, len(a) + 1), lambda i: {'x': a[i], 'n': i}))"));
    m.add("CREATE MACRO " + S + ".pg_get_keywords() AS TABLE SELECT word, catcode, barelabel,"
        + " CASE catcode WHEN 'U' THEN 'unreserved' WHEN 'C' THEN 'unreserved (cannot be function or type name)'"
        + " WHEN 'T' THEN 'reserved (can be function or type name)' ELSE 'reserved' END AS catdesc,"
        + " CASE WHEN barelabel THEN 'can be bare label' ELSE 'requires AS' END AS baredesc"
        + " FROM " + S + ".tf_keywords ORDER BY word");
    // the options of a foreign server, table or user mapping ({"a=1"}) as name and value rows
    m.add("CREATE MACRO " + S + ".pg_options_to_table(options) AS TABLE SELECT split_part(o, '=', 1) AS option_name,"
        + " CASE WHEN contains(o, '=') THEN substr(o, strpos(o, '=') + 1) END AS option_value FROM unnest(options) AS t (o)");
    // Nothing is partitioned.
    m.add("CREATE MACRO " + S + ".pg_partition_tree(relation) AS TABLE SELECT CAST(NULL AS UINTEGER) AS relid,"
        + " CAST(NULL AS UINTEGER) AS parentrelid, CAST(NULL AS BOOLEAN) AS isleaf, CAST(NULL AS INTEGER) AS level WHERE false");
    return m;
  }

  /**
   * to_regX(name), the OID {@code oidOfName} finds or NULL, and tf_regX(name), what a cast to regX
   * gives: that OID, else the name read as a number, else PostgreSQL's "... does not exist".
   */
  private static void lookups(List<String> m, String kind, String object, String oidOfName) {
    m.add(macro("to_" + kind + "(name)", "CAST(" + oidOfName + " AS UINTEGER)"));
    m.add(macro("tf_" + kind + "(name)", "CAST(coalesce(" + oidOfName + ", TRY_CAST(CAST(name AS VARCHAR) AS UINTEGER),"
        + " error('" + object + " \"' || CAST(name AS VARCHAR) || '\" does not exist')) AS UINTEGER)"));
  }

  private static String macro(String signature, String body) {
    return "CREATE MACRO " + S + "." + signature + " AS " + body;
  }

  /**
   * The OID of the name {@code key} evaluates to, NULL for any other name: a lookup in a constant
   * MAP, which DuckDB evaluates once per value (a CASE would repeat {@code key} per branch).
   */
  private static String oidLookup(String key, Map<String, Integer> oids) {
    StringBuilder sql = new StringBuilder("(MAP {");
    boolean first = true;
    for (Map.Entry<String, Integer> e : oids.entrySet()) {
      if (!first) sql.append(", ");
      first = false;
      sql.append(literal(e.getKey())).append(": ").append(e.getValue());
    }
    return sql.append("})[").append(key).append("]").toString();
  }

  /** The first name given for an OID ({@code unqualifiedFirst}: a name without a dot first), else the OID as text. */
  private static String nameLookup(String oid, Map<String, Integer> names, boolean unqualifiedFirst) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(names.entrySet());
    // a relation on the search path prints unqualified, as PostgreSQL prints it
    if (unqualifiedFirst) entries.sort((a, b) -> Boolean.compare(a.getKey().contains("."), b.getKey().contains(".")));
    Map<Integer, String> byOid = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : entries) byOid.putIfAbsent(e.getValue(), e.getKey());
    return "coalesce(" + oidMap(byOid) + "[CAST(" + oid + " AS INTEGER)], CAST(" + oid + " AS VARCHAR))";
  }

  private static String oidMap(Map<Integer, String> names) {
    StringBuilder sql = new StringBuilder("(MAP {");
    boolean first = true;
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (!first) sql.append(", ");
      first = false;
      sql.append(e.getKey()).append(": ").append(literal(e.getValue()));
    }
    return sql.append("})").toString();
  }

  /** format_type: PostgreSQL's name of a type (typmods are not used by TimeFusion's columns). */
  private static String formatType() {
    Map<Integer, String> names = new java.util.LinkedHashMap<>();
    for (PgTypeId t : PgTypeId.values()) {
      names.put(t.oid(), t.displayName());
      if (t.arrayOid() != 0) names.put(t.arrayOid(), t.displayName() + "[]");
    }
    return "CASE WHEN type_oid IS NULL THEN NULL ELSE coalesce(" + oidMap(names) + "[CAST(type_oid AS INTEGER)], '???') END";
  }

  /**
   * PostgreSQL's pg_size_pretty: bytes below 10240, then the first of kB, MB, GB, TB and PB in
   * which the value is below 20479 half-units, rounded half away from zero from the half-units.
   */
  private static String sizePretty() {
    String[] units = {"kB", "MB", "GB", "TB"};
    StringBuilder sql = new StringBuilder("CASE WHEN bytes IS NULL THEN NULL WHEN abs(bytes) < 10240 THEN CAST(bytes AS VARCHAR) || ' bytes'");
    for (int i = 0; i < units.length; i++) {
      long shift = 9L + 10L * i; // value in half-units
      sql.append(" WHEN abs(CAST(bytes AS HUGEINT) >> ").append(shift).append(") < 20479 THEN ")
          .append(halfRounded("(CAST(bytes AS HUGEINT) >> " + shift + ")")).append(" || ' ").append(units[i]).append("'");
    }
    return sql.append(" ELSE ").append(halfRounded("(CAST(bytes AS HUGEINT) >> 49)")).append(" || ' PB' END").toString();
  }

  private static String halfRounded(String halves) {
    return "CAST(CAST((" + halves + " + CASE WHEN " + halves + " < 0 THEN -1 ELSE 1 END) // 2 AS BIGINT) AS VARCHAR)";
  }

  private static String listLiteral(List<String> values) {
    StringBuilder sql = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append(literal(values.get(i)));
    }
    return sql.append("]::VARCHAR[]").toString();
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
