package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.error.PgException;
import org.junit.jupiter.api.Test;

/** The COPY statement in the spellings clients send, and PostgreSQL's checks of its options. */
class CopyCommandTest {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.load();

  private static CopyOptions options(String sql) {
    CopyCommand c = CopyCommand.parse(sql, REGISTRY);
    return c.options(c.columnNames());
  }

  private static String error(String sql) {
    PgException e = assertThrows(PgException.class, () -> options(sql), sql);
    return e.state().code() + " " + e.getMessage();
  }

  @Test
  void currentAndLegacyOptionSyntax() {
    CopyOptions o = options("COPY otel_logs_and_spans FROM STDIN WITH CSV HEADER");
    assertEquals(CopyOptions.Format.CSV, o.format());
    assertTrue(o.header());
    assertEquals(',', o.delimiter());
    assertEquals("", o.nullString());
    assertEquals('"', o.quote());
    assertEquals('"', o.escape());

    o = options("copy otel_logs_and_spans from stdin (format 'csv', delimiter E'\\t', header match, escape '\\')");
    assertEquals('\t', o.delimiter());
    assertTrue(o.headerMatch());
    assertEquals('\\', o.escape());

    o = options("COPY otel_logs_and_spans FROM STDIN");
    assertEquals(CopyOptions.Format.TEXT, o.format());
    assertEquals('\t', o.delimiter());
    assertEquals("\\N", o.nullString());
    assertFalse(o.header());

    o = options("COPY otel_logs_and_spans FROM STDIN WITH DELIMITER AS ';' NULL AS ''");
    assertEquals(';', o.delimiter());
    assertEquals("", o.nullString());
    assertEquals('|', options("COPY otel_logs_and_spans FROM STDIN USING DELIMITERS '|'").delimiter());
    assertEquals(CopyOptions.Format.BINARY, options("COPY BINARY otel_logs_and_spans FROM STDIN").format());
    assertEquals(CopyOptions.Format.BINARY, options("COPY otel_logs_and_spans FROM STDIN WITH BINARY").format());
    assertTrue(options("COPY otel_logs_and_spans (id) FROM STDIN (FORMAT text, HEADER on)").header());
    assertFalse(options("COPY otel_logs_and_spans (id) FROM STDIN (HEADER 0, FREEZE)").header());
    assertTrue(options("COPY otel_logs_and_spans (id) FROM STDIN (FORMAT csv, ENCODING 'UTF-8')").csv());

    o = options("COPY otel_logs_and_spans (id, \"name\", duration) FROM STDIN CSV FORCE NOT NULL id, name FORCE NULL duration");
    assertArrayEquals(new boolean[] {true, true, false}, o.forceNotNull());
    assertArrayEquals(new boolean[] {false, false, true}, o.forceNull());
    CopyCommand to = CopyCommand.parse("COPY otel_logs_and_spans (id, name) TO STDOUT WITH CSV FORCE QUOTE *", REGISTRY);
    assertArrayEquals(new boolean[] {true, true}, to.options(to.columnNames()).forceQuote());
  }

  @Test
  void tablesColumnsAndQueries() {
    CopyCommand c = CopyCommand.parse("copy public.otel_logs_and_spans (\"id\", name) from stdin;", REGISTRY);
    assertTrue(c.from);
    assertEquals("otel_logs_and_spans", c.table.name());
    assertEquals(java.util.List.of("id", "name"), c.columnNames());
    assertNull(c.query);

    c = CopyCommand.parse("COPY otel_metrics (metric_name, value) TO STDOUT", REGISTRY);
    assertEquals("SELECT \"metric_name\", \"value\" FROM \"otel_metrics\"", c.query);

    c = CopyCommand.parse("COPY ( SELECT '(' || ')' AS \"x)\" /* ) */ FROM otel_metrics ) TO STDOUT (FORMAT csv)", REGISTRY);
    assertFalse(c.from);
    assertNull(c.table);
    assertEquals("SELECT '(' || ')' AS \"x)\" /* ) */ FROM otel_metrics", c.query);
  }

  @Test
  void postgresChecks() {
    assertEquals("42501 permission denied to COPY from a file", error("COPY otel_logs_and_spans FROM '/etc/passwd'"));
    assertEquals("42501 permission denied to COPY to a file", error("COPY (SELECT 1) TO '/tmp/x' (FORMAT csv)"));
    assertEquals("42501 permission denied to COPY to or from an external program", error("COPY otel_metrics TO PROGRAM 'id'"));
    assertEquals("22023 COPY delimiter cannot be \"\\\"", error("COPY otel_metrics FROM STDIN (DELIMITER '\\')"));
    assertEquals("22023 COPY delimiter and quote must be different", error("COPY otel_metrics FROM STDIN (FORMAT csv, QUOTE ',')"));
    assertEquals("22023 COPY delimiter must not appear in the NULL specification",
        error("COPY otel_metrics FROM STDIN (DELIMITER ',', NULL 'a,b')"));
    assertEquals("0A000 COPY escape available only in CSV mode", error("COPY otel_metrics FROM STDIN (ESCAPE '\\')"));
    assertEquals("42601 cannot specify DELIMITER in BINARY mode", error("COPY otel_metrics FROM STDIN (FORMAT binary, DELIMITER ',')"));
    assertEquals("0A000 COPY force quote only available using COPY TO",
        error("COPY otel_metrics FROM STDIN (FORMAT csv, FORCE_QUOTE *)"));
    assertEquals("0A000 COPY force not null available only in CSV mode",
        error("COPY otel_metrics (value) FROM STDIN (FORCE_NOT_NULL (value))"));
    assertEquals("42P10 FORCE_NULL column \"metric_name\" not referenced by COPY",
        error("COPY otel_metrics (value) FROM STDIN (FORMAT csv, FORCE_NULL (metric_name))"));
    assertEquals("42703 column \"nope\" of relation \"otel_metrics\" does not exist",
        error("COPY otel_metrics (value) FROM STDIN (FORMAT csv, FORCE_NULL (nope))"));
    assertEquals("42601 header requires a Boolean value or \"match\"", error("COPY otel_metrics FROM STDIN (HEADER maybe)"));
    assertEquals("0A000 cannot use \"match\" with HEADER in COPY TO", error("COPY otel_metrics TO STDOUT (HEADER match)"));
    assertEquals("42601 syntax error at or near \"STDERR\"", error("COPY otel_metrics TO STDERR"));
    assertEquals("42601 syntax error at end of input", error("COPY otel_metrics FROM"));
    assertEquals("0A000 COPY FROM ... WHERE is not supported", error("COPY otel_metrics FROM STDIN WHERE value > 1"));
    assertEquals("42P01 relation \"other.otel_metrics\" does not exist", error("COPY other.otel_metrics FROM STDIN"));
  }
}
