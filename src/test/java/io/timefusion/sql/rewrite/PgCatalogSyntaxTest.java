package io.timefusion.sql.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The spellings of catalog queries that DuckDB's parser cannot take, rewritten token by token. */
class PgCatalogSyntaxTest {
  @Test
  void dropsThePgCatalogQualifier() {
    assertEquals(
        "SELECT format_type(a.atttypid, NULL), x::text FROM pg_attribute a",
        PgCatalogSyntax.normalize("SELECT pg_catalog.format_type(a.atttypid, NULL), x::pg_catalog.text FROM pg_catalog.pg_attribute a"));
    assertEquals("SELECT 1 FROM pg_class", PgCatalogSyntax.normalize("SELECT 1 FROM \"pg_catalog\" . pg_class"));
    // a column or alias that merely starts with the word stays
    assertEquals("SELECT pg_catalog_x.y FROM t pg_catalog_x", PgCatalogSyntax.normalize("SELECT pg_catalog_x.y FROM t pg_catalog_x"));
  }

  @Test
  void turnsOperatorSyntaxIntoTheOperator() {
    assertEquals(
        "WHERE c.relname  ~  '^(otel_metrics)$' ",
        PgCatalogSyntax.normalize("WHERE c.relname OPERATOR(pg_catalog.~) '^(otel_metrics)$' COLLATE pg_catalog.default"));
    assertEquals("a  =  b", PgCatalogSyntax.normalize("a OPERATOR( = ) b"));
  }

  @Test
  void dropsCollationsDuckDbAlreadyCompares() {
    assertEquals("x  = 'a'", PgCatalogSyntax.normalize("x COLLATE \"C\" = 'a'"));
    assertEquals("x  = 'a'", PgCatalogSyntax.normalize("x COLLATE \"default\" = 'a'"));
    assertEquals("x COLLATE nocase = 'a'", PgCatalogSyntax.normalize("x COLLATE nocase = 'a'"));
  }

  @Test
  void oidCastsAreUnsigned32Bits() {
    assertEquals("SELECT x::UINTEGER, y::UINTEGER[], z::oidvector", PgCatalogSyntax.normalize("SELECT x::oid, y::pg_catalog.oid[], z::oidvector"));
  }

  @Test
  void jsonOperatorsDuckDbCannotParseBecomePlaceholders() {
    assertEquals("a  @~>  'k', a  @~>|  '{k}', a  @~>&  $1, a  ~>@  '{x,0}', a  ~>>@  $2",
        PgCatalogSyntax.normalize("a ? 'k', a ?| '{k}', a ?& $1, a #> '{x,0}', a #>> $2"));
    assertEquals("a::jsonb @~> 'k'", PgCatalogSyntax.normalize("a::jsonb?'k'"));
    // other operators with ? or #, and ? where it is no operator, stay
    assertEquals("a ?- b, a # b, a @> b, a<@b", PgCatalogSyntax.normalize("a ?- b, a # b, a @> b, a<@b"));
    String sql = "SELECT 'is it?', \"q?\", $$#>$$, E'\\'?' -- why?\n/* ?| */ FROM t WHERE a = $1";
    assertEquals(sql, PgCatalogSyntax.normalize(sql));
    // an operator ends where a comment starts
    assertEquals("a  @~> -- c\n'k'", PgCatalogSyntax.normalize("a ?-- c\n'k'"));
  }

  @Test
  void leavesStringsIdentifiersAndCommentsAlone() {
    String sql = "SELECT 'pg_catalog.x OPERATOR(~)', E'it''s \\' pg_catalog.y', \"pg_catalog.z\", $$::oid$$ -- pg_catalog.w\n"
        + "/* COLLATE \"C\" */ FROM t";
    assertEquals(sql, PgCatalogSyntax.normalize(sql));
    String plain = "SELECT name FROM otel_logs_and_spans WHERE project_id = 'p'";
    assertSame(plain, PgCatalogSyntax.normalize(plain));
  }
}
