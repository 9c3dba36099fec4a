package io.timefusion.sql.rewrite;

import java.util.Locale;

/**
 * Rewrites, token by token, the spellings of catalog queries that DuckDB's parser rejects or
 * misreads before the query is parsed: the {@code pg_catalog.} qualifier (DuckDB cannot parse
 * {@code x::pg_catalog.text}; pg_catalog comes first on PostgreSQL's search path, so the bare name
 * means the same), {@code OPERATOR(pg_catalog.~)} (DuckDB drops the operator), and {@code COLLATE
 * pg_catalog.default} (DuckDB's strings compare as PostgreSQL's C collation), {@code ::oid}
 * (DuckDB's oid is a BIGINT), the JSON operators DuckDB cannot parse ({@code ?}, {@code ?|},
 * {@code ?&}, {@code #>}, {@code #>>}: see {@link PgJson#placeholder}) and {@code BETWEEN
 * SYMMETRIC} (marked for {@link PgFunctionCalls}). String literals, quoted identifiers and
 * comments are copied untouched.
 */
final class PgCatalogSyntax {
  /** The characters PostgreSQL's operators are made of. */
  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

  private final String sql;
  private final StringBuilder out;
  private int i;

  private PgCatalogSyntax(String sql) {
    this.sql = sql;
    this.out = new StringBuilder(sql.length());
  }

  /** {@code sql} with the spellings above rewritten; the same string when it has none. */
  static String normalize(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (!lower.contains("pg_catalog") && !lower.contains("operator") && !lower.contains("collate") && !lower.contains("oid")
        && sql.indexOf('?') < 0 && sql.indexOf('#') < 0 && !lower.contains("symmetric") && !lower.contains("like")) {
      return sql;
    }
    PgCatalogSyntax p = new PgCatalogSyntax(sql);
    p.run();
    return p.out.toString();
  }

  private void run() {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        copyString(false);
      } else if (c == '"') {
        if (qualifierAt(i)) continue;
        copyQuotedIdentifier();
      } else if (c == '-' && peek(1) == '-') {
        int end = sql.indexOf('\n', i);
        copyTo(end < 0 ? n : end);
      } else if (c == '/' && peek(1) == '*') {
        copyBlockComment();
      } else if (c == '$' && dollarTagEnd() > 0) {
        copyDollarQuoted();
      } else if (c == ':' && peek(1) == ':') {
        castType();
      } else if (Character.isLetter(c) || c == '_') {
        word();
      } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
        operator();
      } else {
        out.append(c);
        i++;
      }
    }
  }

  /**
   * After {@code ::}: DuckDB reads the type oid as BIGINT; PostgreSQL's oid is an unsigned 32-bit
   * number, which is DuckDB's UINTEGER (and what the catalog's OID columns are).
   */
  private void castType() {
    out.append("::");
    i += 2;
    int p = skipSpace(i);
    if (qualifierAt(p)) p = i;
    if (sql.regionMatches(true, p, "oid", 0, 3) && (p + 3 >= sql.length() || !isWordChar(sql.charAt(p + 3)))) {
      out.append("UINTEGER");
      i = p + 3;
    }
  }

  /** An operator token, as PostgreSQL's lexer reads it (up to a comment); one DuckDB cannot parse is replaced. */
  private void operator() {
    int end = i;
    while (end < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(end)) >= 0
        && !sql.startsWith("--", end) && !sql.startsWith("/*", end)) {
      end++;
    }
    String placeholder = PgJson.placeholder(sql.substring(i, end));
    if (placeholder != null) out.append(' ').append(placeholder).append(' ');
    else out.append(sql, i, end);
    i = end;
  }

  private void word() {
    int start = i;
    String w = wordAt(start);
    int end = start + w.length();
    if (w.equals("e") && end < sql.length() && sql.charAt(end) == '\'') {
      out.append(sql, start, end);
      i = end;
      copyString(true);
      return;
    }
    if (w.equals("pg_catalog") && qualifierAt(start)) return;
    if (likeArray(w, end)) return;
    // BETWEEN SYMMETRIC, which DuckDB cannot parse: a mark PgFunctionCalls finds after the BETWEEN
    if ((w.equals("symmetric") || w.equals("asymmetric")) && lastWordIs("between")) {
      if (w.equals("symmetric")) out.append(PgFunctionCalls.SYMMETRIC_MARK);
      i = end;
      return;
    }
    if (w.equals("operator")) {
      int open = skipSpace(end);
      if (open < sql.length() && sql.charAt(open) == '(') {
        int close = sql.indexOf(')', open);
        if (close > 0) {
          String op = sql.substring(open + 1, close).trim();
          if (op.toLowerCase(Locale.ROOT).startsWith("pg_catalog.")) op = op.substring("pg_catalog.".length()).trim();
          out.append(' ').append(op).append(' ');
          i = close + 1;
          return;
        }
      }
    }
    if (w.equals("collate")) {
      int after = collationEnd(skipSpace(end));
      if (after > 0) {
        i = after;
        return;
      }
    }
    out.append(sql, start, end);
    i = end;
  }

  /**
   * Whether a {@code pg_catalog.} qualifier starts at {@code at} (bare or quoted, with optional
   * spaces around the dot); if so it is skipped.
   */
  private boolean qualifierAt(int at) {
    int end;
    if (sql.startsWith("\"pg_catalog\"", at)) {
      end = at + "\"pg_catalog\"".length();
    } else if (sql.regionMatches(true, at, "pg_catalog", 0, "pg_catalog".length())) {
      end = at + "pg_catalog".length();
      if (end < sql.length() && isWordChar(sql.charAt(end))) return false;
    } else {
      return false;
    }
    int dot = skipSpace(end);
    if (dot >= sql.length() || sql.charAt(dot) != '.') return false;
    i = skipSpace(dot + 1);
    return true;
  }

  /** The end of a collation name DuckDB's default comparison already implements, or -1. */
  private int collationEnd(int at) {
    int p = at;
    if (sql.startsWith("\"pg_catalog\"", p)) p = skipSpace(p + "\"pg_catalog\"".length());
    else if (sql.regionMatches(true, p, "pg_catalog", 0, "pg_catalog".length())) p = skipSpace(p + "pg_catalog".length());
    if (p != at) {
      if (p >= sql.length() || sql.charAt(p) != '.') return -1;
      p = skipSpace(p + 1);
    }
    for (String name : new String[] {"\"default\"", "\"C\"", "\"POSIX\"", "default"}) {
      if (sql.regionMatches(name.equals("default"), p, name, 0, name.length())) {
        int end = p + name.length();
        if (name.equals("default") && end < sql.length() && isWordChar(sql.charAt(end))) continue;
        return end;
      }
    }
    return -1;
  }

  /**
   * {@code [NOT] LIKE|ILIKE ANY|SOME|ALL (array)}, which DuckDB cannot parse, at the word {@code w}
   * ending at {@code end}: replaced by an operator placeholder ({@link PgExpressions#LIKE_ARRAY})
   * that is then given the array; a subquery in the parentheses is left to DuckDB.
   */
  private boolean likeArray(String w, int end) {
    boolean not = w.equals("not");
    int at = not ? skipSpace(end) : i;
    String like = wordAt(at);
    if (!like.equals("like") && !like.equals("ilike")) return false;
    int q = skipSpace(at + like.length());
    String quantifier = wordAt(q);
    if (!quantifier.equals("any") && !quantifier.equals("some") && !quantifier.equals("all")) return false;
    int open = skipSpace(q + quantifier.length());
    if (open >= sql.length() || sql.charAt(open) != '(') return false;
    String first = wordAt(skipSpace(open + 1));
    if (first.equals("select") || first.equals("with") || first.equals("values") || first.equals("table")) return false;
    String key = (not ? "not " : "") + like + (quantifier.equals("all") ? " all" : " any");
    out.append(' ').append(PgExpressions.LIKE_ARRAY.get(key)).append(' ');
    i = open;
    return true;
  }

  /** The (lower-case) word starting at {@code p}, or "". */
  private String wordAt(int p) {
    int e = p;
    while (e < sql.length() && isWordChar(sql.charAt(e))) e++;
    return sql.substring(p, e).toLowerCase(Locale.ROOT);
  }

  private boolean lastWordIs(String word) {
    int e = out.length();
    while (e > 0 && Character.isWhitespace(out.charAt(e - 1))) e--;
    int b = e - word.length();
    return b >= 0 && out.substring(b, e).equalsIgnoreCase(word) && (b == 0 || !isWordChar(out.charAt(b - 1)));
  }

  private void copyString(boolean backslashEscapes) {
    int n = sql.length();
    out.append('\'');
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\' && i + 1 < n) {
        out.append(c).append(sql.charAt(i + 1));
        i += 2;
        continue;
      }
      out.append(c);
      i++;
      if (c == '\'') {
        if (i < n && sql.charAt(i) == '\'') {
          out.append('\'');
          i++;
        } else {
          return;
        }
      }
    }
  }

  private void copyQuotedIdentifier() {
    int n = sql.length();
    out.append('"');
    i++;
    while (i < n) {
      char c = sql.charAt(i++);
      out.append(c);
      if (c == '"') {
        if (i < n && sql.charAt(i) == '"') {
          out.append('"');
          i++;
        } else {
          return;
        }
      }
    }
  }

  private void copyBlockComment() {
    int depth = 0;
    int n = sql.length();
    while (i < n) {
      if (sql.startsWith("/*", i)) {
        depth++;
        out.append("/*");
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        out.append("*/");
        i += 2;
        if (depth == 0) return;
      } else {
        out.append(sql.charAt(i++));
      }
    }
  }

  /** The index after a dollar-quote opening tag ($$ or $tag$) at i, or -1 ($1 is a parameter). */
  private int dollarTagEnd() {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      if (j == i + 1 && Character.isDigit(sql.charAt(j))) return -1;
      j++;
    }
    return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
  }

  private void copyDollarQuoted() {
    int tagEnd = dollarTagEnd();
    String tag = sql.substring(i, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    copyTo(close < 0 ? sql.length() : close + tag.length());
  }

  private void copyTo(int end) {
    out.append(sql, i, end);
    i = end;
  }

  private char peek(int ahead) {
    return i + ahead < sql.length() ? sql.charAt(i + ahead) : 0;
  }

  private int skipSpace(int from) {
    int p = from;
    while (p < sql.length() && Character.isWhitespace(sql.charAt(p))) p++;
    return p;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
