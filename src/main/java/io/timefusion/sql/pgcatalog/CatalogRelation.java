package io.timefusion.sql.pgcatalog;

import io.timefusion.catalog.PgTypeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One relation of the system catalog as PostgreSQL 16 shapes it: its namespace, name, OID, kind
 * and columns. The shape decides both the DuckDB table or view that holds it and its rows in
 * pg_class and pg_attribute.
 */
record CatalogRelation(Namespace namespace, String name, int oid, char relkind, List<Column> columns) {
  /** A column: name, PostgreSQL type, and whether it is an array of that type. */
  record Column(String name, PgTypeId type, boolean array) {
    /** The DuckDB type of the column. */
    String duckdbType() {
      return array ? type.duckdbType() + "[]" : type.duckdbType();
    }

    /** The column's pg_type OID. */
    int typeOid() {
      return array ? type.arrayOid() : type.oid();
    }
  }

  /** The namespaces of the catalog, with the OIDs PostgreSQL gives them. */
  enum Namespace {
    PG_CATALOG("pg_catalog", 11, PgCatalog.DUCKDB_PG_CATALOG),
    /** Empty: TimeFusion keeps no TOAST tables, but PostgreSQL always lists the schema. */
    PG_TOAST("pg_toast", 99, PgCatalog.DUCKDB_PG_CATALOG),
    PUBLIC("public", 2200, "main"),
    INFORMATION_SCHEMA("information_schema", 13207, PgCatalog.DUCKDB_INFORMATION_SCHEMA);

    final String pgName;
    final int oid;
    /** The DuckDB schema that holds this namespace's catalog relations. */
    final String duckdbSchema;

    Namespace(String pgName, int oid, String duckdbSchema) {
      this.pgName = pgName;
      this.oid = oid;
      this.duckdbSchema = duckdbSchema;
    }
  }

  /** A relation of kind 'r' (table) or 'v' (view) from a spec such as {@code "oid oid, relname name, relacl aclitem[]"}. */
  static CatalogRelation of(Namespace ns, char relkind, int oid, String name, String spec) {
    List<Column> columns = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] words = part.trim().split("\\s+");
      if (words.length != 2) throw new IllegalArgumentException(name + ": bad column spec '" + part + "'");
      String type = words[1];
      boolean array = type.endsWith("[]");
      if (array) type = type.substring(0, type.length() - 2);
      columns.add(new Column(words[0], typeNamed(type), array));
    }
    return new CatalogRelation(ns, name, oid, relkind, List.copyOf(columns));
  }

  private static PgTypeId typeNamed(String typname) {
    for (PgTypeId t : PgTypeId.values()) {
      if (t.typname().equals(typname.toLowerCase(Locale.ROOT))) return t;
    }
    throw new IllegalArgumentException("unknown catalog column type " + typname);
  }

  /** The DuckDB name of the relation, schema-qualified. */
  String duckdbName() {
    return namespace.duckdbSchema + "." + name;
  }

  /** {@code CREATE TABLE} for a relation that holds rows. */
  String createTable() {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(duckdbName()).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append(quote(columns.get(i).name())).append(' ').append(columns.get(i).duckdbType());
    }
    return sql.append(")").toString();
  }

  /**
   * {@code CREATE VIEW} over {@code select}, which yields the relation's columns in order: each is
   * cast to its declared type, so the view has exactly the shape pg_attribute reports.
   */
  String createView(String select) {
    StringBuilder sql = new StringBuilder("CREATE VIEW ").append(duckdbName()).append(" AS SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) sql.append(", ");
      Column c = columns.get(i);
      sql.append("CAST(").append(quote(c.name())).append(" AS ").append(c.duckdbType()).append(") AS ").append(quote(c.name()));
    }
    sql.append(" FROM (").append(select).append(") AS src (");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append(quote(columns.get(i).name()));
    }
    return sql.append(")").toString();
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
