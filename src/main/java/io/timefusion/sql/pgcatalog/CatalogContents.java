package io.timefusion.sql.pgcatalog;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.PgTypeId;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.sql.pgcatalog.CatalogRelation.Column;
import io.timefusion.sql.pgcatalog.CatalogRelation.Namespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the catalog tables, derived from the table schemas ({@link SchemaRegistry}), the
 * types ({@link PgTypeId}) and the catalog's own relations ({@link CatalogRelations}): every
 * relation in pg_class with its columns in pg_attribute, every type in pg_type, the schemas'
 * descriptions in pg_description, and the fixed rows PostgreSQL always has (access methods,
 * tablespaces, collations, languages).
 */
final class CatalogContents {
  /** The OID of the one role that owns everything: the user a session logs in as. */
  static final int SUPERUSER = 10;
  /** PostgreSQL 15's owner of the public schema. */
  static final int DATABASE_OWNER = 6171;
  static final int DATABASE = 5;
  static final int HEAP = 2;
  static final int DEFAULT_TABLESPACE = 1663;
  static final int DEFAULT_COLLATION = 100;
  static final int C_COLLATION = 950;
  /** pg_class's OID: the classoid of relation descriptions. */
  static final int PG_CLASS = 1259;
  static final int PG_NAMESPACE = 2615;
  /** User objects start here in PostgreSQL (FirstNormalObjectId). */
  static final int FIRST_USER_OID = 16384;

  /** A relation as pg_class lists it, with its columns. */
  record Relation(int oid, Namespace namespace, String name, char relkind, List<Attribute> attributes) {}

  /** One column of a relation: its pg_attribute identity. */
  record Attribute(String name, PgTypeId type, boolean array, boolean notNull) {
    int typeOid() {
      return array ? type.arrayOid() : type.oid();
    }
  }

  private final List<Relation> relations = new ArrayList<>();
  private final Map<String, List<Object[]>> rows = new HashMap<>();

  CatalogContents(SchemaRegistry registry) {
    int oid = FIRST_USER_OID;
    for (TableSchema t : registry.tables()) {
      List<Attribute> attrs = new ArrayList<>();
      for (ColumnDef c : t.columns()) {
        attrs.add(new Attribute(c.name(), c.type().pgType(), c.type().isArray(), !c.nullable()));
      }
      relations.add(new Relation(oid++, Namespace.PUBLIC, t.name(), 'r', List.copyOf(attrs)));
    }
    for (CatalogRelation r : CatalogRelations.ALL) {
      List<Attribute> attrs = new ArrayList<>();
      for (Column c : r.columns()) attrs.add(new Attribute(c.name(), c.type(), c.array(), false));
      relations.add(new Relation(r.oid(), r.namespace(), r.name(), r.relkind(), List.copyOf(attrs)));
    }
    namespaces();
    classes();
    attributes();
    types();
    descriptions(registry);
    fixedRows();
  }

  /** Every relation pg_class lists: the stored tables, then the catalog's own. */
  List<Relation> relations() {
    return relations;
  }

  /** The rows of a catalog table, in its column order (none for tables PostgreSQL keeps empty here). */
  List<Object[]> rows(String table) {
    return rows.getOrDefault(table, List.of());
  }

  private void add(String table, Object... values) {
    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(values);
  }

  private void namespaces() {
    for (Namespace ns : Namespace.values()) {
      boolean pub = ns == Namespace.PUBLIC;
      // PostgreSQL 15's public schema: owned by pg_database_owner, usable by everyone
      add("pg_namespace", ns.oid, ns.pgName, pub ? DATABASE_OWNER : SUPERUSER,
          pub ? List.of("pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner") : null);
    }
    add("pg_description", Namespace.PUBLIC.oid, PG_NAMESPACE, 0, "standard public schema");
  }

  private void classes() {
    for (Relation r : relations) {
      boolean table = r.relkind() == 'r';
      add("pg_class",
          r.oid(), r.name(), r.namespace().oid, 0, 0, SUPERUSER, table ? HEAP : 0,
          table ? r.oid() : 0, 0, 0, -1f, 0,
          0, false, false, "p", String.valueOf(r.relkind()),
          r.attributes().size(), 0, false, false, false,
          false, false, true, table ? "d" : "n",
          false, 0, 0, 0, null,
          null, null);
    }
  }

  private void attributes() {
    for (Relation r : relations) {
      for (int i = 0; i < r.attributes().size(); i++) {
        Attribute a = r.attributes().get(i);
        PgTypeId t = a.type();
        int len = a.array() ? -1 : t.typlen();
        add("pg_attribute",
            r.oid(), a.name(), a.typeOid(), -1, len, i + 1, a.array() ? 1 : 0,
            -1, -1, byValue(len), String.valueOf(a.array() ? arrayAlign(t) : t.align()),
            String.valueOf(a.array() ? 'x' : t.storage()),
            "", a.notNull(), false, false, "",
            "", false, true, 0, collation(t),
            null, null, null, null);
      }
    }
  }

  private void types() {
    for (PgTypeId t : PgTypeId.values()) {
      String stem = t.inputFunction().substring(0, t.inputFunction().length() - 2);
      boolean pseudo = t.category() == 'P' || t.category() == 'X';
      boolean vector = t == PgTypeId.INT2VECTOR || t == PgTypeId.OIDVECTOR;
      int element = t == PgTypeId.INT2VECTOR ? PgTypeId.INT2.oid() : t == PgTypeId.OIDVECTOR ? PgTypeId.OID.oid() : 0;
      boolean hasIo = t != PgTypeId.ACLITEM;
      add("pg_type",
          t.oid(), t.typname(), Namespace.PG_CATALOG.oid, SUPERUSER, t.typlen(), byValue(t.typlen()),
          pseudo ? "p" : "b", String.valueOf(t.category()), t.preferred(), true, ",", 0,
          vector ? "array_subscript_handler" : t == PgTypeId.JSONB ? "jsonb_subscript_handler" : "-",
          element, t.arrayOid(), t.inputFunction(), stem + "out",
          hasIo ? stem + "recv" : "-", hasIo ? stem + "send" : "-",
          takesTypmod(t) ? t.typname() + "typmodin" : "-", takesTypmod(t) ? t.typname() + "typmodout" : "-", "-",
          String.valueOf(t.align()), String.valueOf(t.storage()), false, 0, -1,
          0, collation(t), null, null, null);
      if (t.arrayOid() != 0) {
        add("pg_type",
            t.arrayOid(), "_" + t.typname(), Namespace.PG_CATALOG.oid, SUPERUSER, -1, false,
            "b", "A", false, true, ",", 0,
            "array_subscript_handler", t.oid(), 0, "array_in", "array_out",
            "array_recv", "array_send", "-", "-", "array_typanalyze",
            String.valueOf(arrayAlign(t)), "x", false, 0, -1,
            0, collation(t), null, null, null);
      }
    }
  }

  private void descriptions(SchemaRegistry registry) {
    int oid = FIRST_USER_OID;
    for (TableSchema t : registry.tables()) {
      if (!t.description().isEmpty()) add("pg_description", oid, PG_CLASS, 0, t.description());
      for (int i = 0; i < t.columns().size(); i++) {
        String d = t.column(i).description();
        if (d != null && !d.isEmpty()) add("pg_description", oid, PG_CLASS, i + 1, d);
      }
      oid++;
    }
  }

  private void fixedRows() {
    add("pg_am", HEAP, "heap", "heap_tableam_handler", "t");
    add("pg_am", 403, "btree", "bthandler", "i");
    add("pg_am", 405, "hash", "hashhandler", "i");
    add("pg_am", 783, "gist", "gisthandler", "i");
    add("pg_am", 2742, "gin", "ginhandler", "i");
    add("pg_am", 4000, "spgist", "spghandler", "i");
    add("pg_am", 3580, "brin", "brinhandler", "i");
    add("pg_tablespace", DEFAULT_TABLESPACE, "pg_default", SUPERUSER, null, null);
    add("pg_tablespace", 1664, "pg_global", SUPERUSER, null, null);
    // DuckDB compares strings byte by byte: the database's collation is C.
    add("pg_collation", DEFAULT_COLLATION, "default", Namespace.PG_CATALOG.oid, SUPERUSER, "d", true, -1, null, null, null, null, null);
    add("pg_collation", C_COLLATION, "C", Namespace.PG_CATALOG.oid, SUPERUSER, "c", true, -1, "C", "C", null, null, null);
    add("pg_collation", 951, "POSIX", Namespace.PG_CATALOG.oid, SUPERUSER, "c", true, -1, "POSIX", "POSIX", null, null, null);
    add("pg_language", 12, "internal", SUPERUSER, false, false, 0, 0, 2246, null);
    add("pg_language", 13, "c", SUPERUSER, false, false, 0, 0, 2247, null);
    add("pg_language", 14, "sql", SUPERUSER, false, true, 0, 0, 2248, null);
  }

  /** Fixed-size values up to 8 bytes are passed by value (a 64-bit build of PostgreSQL). */
  private static boolean byValue(int typlen) {
    return typlen == 1 || typlen == 2 || typlen == 4 || typlen == 8;
  }

  private static char arrayAlign(PgTypeId element) {
    return element.align() == 'd' ? 'd' : 'i';
  }

  /** The default collation of a type: "C" for name, the database's for the other string types. */
  static int collation(PgTypeId t) {
    if (t == PgTypeId.NAME) return C_COLLATION;
    return t.category() == 'S' || t == PgTypeId.PG_NODE_TREE ? DEFAULT_COLLATION : 0;
  }

  private static boolean takesTypmod(PgTypeId t) {
    return switch (t) {
      case BPCHAR, VARCHAR, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC -> true;
      default -> false;
    };
  }

  /** Relation OIDs by the names a regclass literal may use ("pg_class", "pg_catalog.pg_class", "information_schema.tables"). */
  Map<String, Integer> relationKeys() {
    Map<String, Integer> keys = new LinkedHashMap<>();
    for (Relation r : relations) {
      keys.put(r.namespace().pgName + "." + r.name(), r.oid());
      // pg_catalog and public are on the search path; information_schema is not
      if (r.namespace() != Namespace.INFORMATION_SCHEMA) keys.putIfAbsent(r.name(), r.oid());
    }
    return keys;
  }

  /** Type OIDs by the names a regtype literal may use: typname, SQL name, and their array forms. */
  static Map<String, Integer> typeKeys() {
    Map<String, Integer> keys = new LinkedHashMap<>();
    for (PgTypeId t : PgTypeId.values()) {
      keys.putIfAbsent(t.typname(), t.oid());
      keys.putIfAbsent(t.displayName(), t.oid());
      if (t.arrayOid() != 0) {
        keys.putIfAbsent("_" + t.typname(), t.arrayOid());
        keys.putIfAbsent(t.typname() + "[]", t.arrayOid());
        keys.putIfAbsent(t.displayName() + "[]", t.arrayOid());
      }
    }
    // SQL spellings PostgreSQL's parser maps to these types
    for (String[] alias : List.of(
        new String[] {"int", "int4"}, new String[] {"float", "float8"}, new String[] {"decimal", "numeric"},
        new String[] {"char", "bpchar"}, new String[] {"timestamp without time zone", "timestamp"},
        new String[] {"time without time zone", "time"})) {
      keys.putIfAbsent(alias[0], keys.get(alias[1]));
      keys.putIfAbsent(alias[0] + "[]", keys.get(alias[1] + "[]"));
    }
    return keys;
  }
}
