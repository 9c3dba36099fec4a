package io.timefusion.sql;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.query.Snapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed COPY statement: the table and columns (or the query) it copies, its direction, and its
 * options as PostgreSQL 16 accepts them, in the current {@code WITH (FORMAT csv, HEADER)} form
 * and the older ones psql and drivers still send ({@code WITH CSV HEADER}, {@code DELIMITER ','},
 * {@code COPY BINARY t}). COPY to or from a server file or program is refused here (42501),
 * before anything else reads the statement: clients reach only STDIN and STDOUT.
 */
final class CopyCommand {
  /** Marks an option given as {@code *} (FORCE_QUOTE *). */
  private static final Object STAR = new Object();
  /** Marks an option given without a value (HEADER, FREEZE). */
  private static final Object NO_VALUE = new Object();

  final boolean from;
  /** The table; null for {@code COPY (query) TO}. */
  final TableSchema table;
  /** Table column positions in COPY order; null for a query. */
  final int[] columns;
  /** The query a COPY TO runs: the one given, or a SELECT of the table's columns. */
  final String query;
  private final Map<String, Object> options;

  private CopyCommand(boolean from, TableSchema table, int[] columns, String query, Map<String, Object> options) {
    this.from = from;
    this.table = table;
    this.columns = columns;
    this.query = query;
    this.options = options;
  }

  static CopyCommand parse(String sql, SchemaRegistry registry) {
    return new Parser(sql, registry).parse();
  }

  /** Names of the copied columns, in COPY order (for a table; a query's come from its result). */
  List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.length);
    for (int c : columns) names.add(table.column(c).name());
    return names;
  }

  /**
   * The options with PostgreSQL's defaults and checks (ProcessCopyOptions); {@code columnNames}
   * are the COPY's columns, which FORCE_QUOTE, FORCE_NOT_NULL and FORCE_NULL must name.
   */
  CopyOptions options(List<String> columnNames) {
    CopyOptions.Format format = CopyOptions.Format.TEXT;
    Object f = options.get("format");
    if (f != null) {
      String name = stringValue("format", f).toLowerCase(Locale.ROOT);
      format = switch (name) {
        case "text" -> CopyOptions.Format.TEXT;
        case "csv" -> CopyOptions.Format.CSV;
        case "binary" -> CopyOptions.Format.BINARY;
        default -> throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY format \"" + name + "\" not recognized");
      };
    }
    boolean csv = format == CopyOptions.Format.CSV;
    boolean binary = format == CopyOptions.Format.BINARY;
    if (options.containsKey("freeze")) booleanValue("freeze", options.get("freeze")); // accepted; nothing to freeze
    if (options.containsKey("default")) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY DEFAULT is not supported");
    }
    if (options.containsKey("encoding")) checkEncoding(stringValue("encoding", options.get("encoding")));
    boolean header = false;
    boolean headerMatch = false;
    if (options.containsKey("header")) {
      Object h = options.get("header");
      if (h instanceof String s && s.equalsIgnoreCase("match")) {
        header = headerMatch = true;
      } else {
        try {
          header = booleanValue("header", h);
        } catch (PgException e) {
          throw new PgException(SqlState.SYNTAX_ERROR, "header requires a Boolean value or \"match\"");
        }
      }
    }
    String delim = options.containsKey("delimiter") ? stringValue("delimiter", options.get("delimiter")) : null;
    String nullString = options.containsKey("null") ? stringValue("null", options.get("null")) : null;
    String quote = options.containsKey("quote") ? stringValue("quote", options.get("quote")) : null;
    String escape = options.containsKey("escape") ? stringValue("escape", options.get("escape")) : null;
    if (binary && delim != null) throw new PgException(SqlState.SYNTAX_ERROR, "cannot specify DELIMITER in BINARY mode");
    if (binary && nullString != null) throw new PgException(SqlState.SYNTAX_ERROR, "cannot specify NULL in BINARY mode");
    if (delim == null) delim = csv ? "," : "\t";
    if (nullString == null) nullString = csv ? "" : "\\N";
    if (csv) {
      if (quote == null) quote = "\"";
      if (escape == null) escape = quote;
    }
    if (delim.length() != 1 || delim.charAt(0) >= 0x80) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY delimiter must be a single one-byte character");
    }
    char d = delim.charAt(0);
    if (d == '\r' || d == '\n') {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY delimiter cannot be newline or carriage return");
    }
    if (nullString.indexOf('\r') >= 0 || nullString.indexOf('\n') >= 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY null representation cannot use newline or carriage return");
    }
    if (!csv && "\\.abcdefghijklmnopqrstuvwxyz0123456789".indexOf(d) >= 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY delimiter cannot be \"" + delim + "\"");
    }
    if (binary && header) throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "cannot specify HEADER in BINARY mode");
    if (headerMatch && !from) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "cannot use \"match\" with HEADER in COPY TO");
    }
    if (!csv && quote != null) throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY quote available only in CSV mode");
    if (csv && (quote.length() != 1 || quote.charAt(0) >= 0x80)) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY quote must be a single one-byte character");
    }
    if (csv && d == quote.charAt(0)) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY delimiter and quote must be different");
    }
    if (!csv && escape != null) throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY escape available only in CSV mode");
    if (csv && (escape.length() != 1 || escape.charAt(0) >= 0x80)) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY escape must be a single one-byte character");
    }
    boolean[] forceQuote = force("force_quote", "quote", csv, false, columnNames);
    boolean[] forceNotNull = force("force_not_null", "not null", csv, true, columnNames);
    boolean[] forceNull = force("force_null", "null", csv, true, columnNames);
    if (nullString.indexOf(d) >= 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "COPY delimiter must not appear in the NULL specification");
    }
    if (csv && nullString.indexOf(quote.charAt(0)) >= 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "CSV quote character must not appear in the NULL specification");
    }
    return new CopyOptions(
        format,
        (byte) d,
        nullString,
        header,
        headerMatch,
        csv ? (byte) quote.charAt(0) : 0,
        csv ? (byte) escape.charAt(0) : 0,
        forceQuote,
        forceNotNull,
        forceNull);
  }

  private boolean[] force(String option, String what, boolean csv, boolean fromOnly, List<String> columnNames) {
    boolean[] flags = new boolean[columnNames.size()];
    Object v = options.get(option);
    if (v == null) return flags;
    if (!csv) throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY force " + what + " available only in CSV mode");
    if (fromOnly != from) {
      throw new PgException(
          SqlState.FEATURE_NOT_SUPPORTED, "COPY force " + what + " only available using COPY " + (fromOnly ? "FROM" : "TO"));
    }
    if (v == STAR) {
      java.util.Arrays.fill(flags, true);
      return flags;
    }
    if (!(v instanceof List<?> names)) {
      throw new PgException(SqlState.SYNTAX_ERROR, "argument to option \"" + option + "\" must be a list of column names");
    }
    for (Object n : names) {
      int i = columnNames.indexOf((String) n);
      if (i >= 0) {
        flags[i] = true;
      } else if (table != null && table.indexOf((String) n) >= 0) {
        throw new PgException(
            SqlState.INVALID_COLUMN_REFERENCE,
            option.toUpperCase(Locale.ROOT) + " column \"" + n + "\" not referenced by COPY");
      } else {
        throw new PgException(
            SqlState.UNDEFINED_COLUMN,
            "column \"" + n + "\"" + (table == null ? "" : " of relation \"" + table.name() + "\"") + " does not exist");
      }
    }
    return flags;
  }

  private static void checkEncoding(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (n.equals("utf8") || n.equals("unicode")) return;
    throw new PgException(
        SqlState.FEATURE_NOT_SUPPORTED, "COPY ENCODING \"" + name + "\" is not supported: TimeFusion reads and writes UTF8 only");
  }

  private static String stringValue(String option, Object v) {
    if (v instanceof String s) return s;
    throw new PgException(SqlState.SYNTAX_ERROR, option + " requires a parameter");
  }

  private static boolean booleanValue(String option, Object v) {
    if (v == NO_VALUE) return true;
    if (v instanceof String s) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "true", "on", "1" -> {
          return true;
        }
        case "false", "off", "0" -> {
          return false;
        }
        default -> {}
      }
    }
    throw new PgException(SqlState.SYNTAX_ERROR, option + " requires a Boolean value");
  }

  // ---- parsing ----------------------------------------------------------------------------

  /** Recursive descent over PostgreSQL's CopyStmt grammar. */
  private static final class Parser {
    private final String sql;
    private final SchemaRegistry registry;
    private final Lexer lx;
    private final Map<String, Object> options = new LinkedHashMap<>();

    Parser(String sql, SchemaRegistry registry) {
      this.sql = sql;
      this.registry = registry;
      this.lx = new Lexer(sql);
    }

    CopyCommand parse() {
      lx.next();
      expectWord("copy");
      if (lx.isWord("binary")) {
        option("format", "binary");
        lx.next();
      }
      TableSchema table = null;
      int[] columns = null;
      String query = null;
      if (lx.type == Lexer.PUNCT && lx.text.equals("(")) {
        query = lx.parenthesized().strip();
        lx.next();
      } else {
        table = tableName();
        columns = columnList(table);
      }
      boolean from;
      if (lx.isWord("from")) {
        if (query != null) throw lx.syntaxError();
        from = true;
      } else if (lx.isWord("to")) {
        from = false;
      } else {
        throw lx.syntaxError();
      }
      lx.next();
      // Permission comes before everything else, as in PostgreSQL: a file or program is refused
      // whatever follows.
      if (lx.isWord("program")) {
        throw new PgException(
            SqlState.INSUFFICIENT_PRIVILEGE,
            "permission denied to COPY to or from an external program",
            "Only roles with privileges of the \"pg_execute_server_program\" role may COPY to or from an external program.",
            "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.",
            null);
      }
      if (lx.type == Lexer.STRING) {
        throw new PgException(
            SqlState.INSUFFICIENT_PRIVILEGE,
            "permission denied to COPY " + (from ? "from" : "to") + " a file",
            "Only roles with privileges of the \"" + (from ? "pg_read_server_files" : "pg_write_server_files")
                + "\" role may COPY " + (from ? "from" : "to") + " a file.",
            "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.",
            null);
      }
      // PostgreSQL's grammar takes STDIN and STDOUT in either direction.
      if (!lx.isWord("stdin") && !lx.isWord("stdout")) throw lx.syntaxError();
      lx.next();
      if (lx.isWord("using") || lx.isWord("delimiters")) {
        if (lx.isWord("using")) lx.next();
        expectWord("delimiters");
        option("delimiter", expectString());
      }
      if (lx.isWord("with")) lx.next();
      if (lx.type == Lexer.PUNCT && lx.text.equals("(")) {
        genericOptions();
      } else {
        while (legacyOption()) {
          // each call consumed one option
        }
      }
      if (lx.isWord("where")) {
        if (!from) throw lx.syntaxError();
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY FROM ... WHERE is not supported");
      }
      if (lx.type == Lexer.PUNCT && lx.text.equals(";")) lx.next();
      if (lx.type != Lexer.EOF) throw lx.syntaxError();
      if (query != null) {
        checkQuery(query);
      } else if (!from) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
          if (i > 0) select.append(", ");
          select.append(Snapshots.quote(table.column(columns[i]).name()));
        }
        query = select.append(" FROM ").append(Snapshots.quote(table.name())).toString();
      }
      return new CopyCommand(from, table, columns, query, options);
    }

    /** COPY runs a query, not a command: SELECT, VALUES, TABLE or WITH ... SELECT. */
    private static void checkQuery(String query) {
      String[] words = StatementKind.leadingWords(query, 1);
      if (words.length == 0 || StatementKind.of(query) != StatementKind.QUERY || words[0].equals("explain")) {
        String first = words.length == 0 ? ")" : words[0];
        if (StatementKind.of(query) == StatementKind.INSERT) {
          throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "COPY (INSERT ...) TO is not supported");
        }
        throw new PgException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + first + "\"");
      }
    }

    private void option(String name, Object value) {
      if (options.putIfAbsent(name, value) != null) {
        throw new PgException(SqlState.SYNTAX_ERROR, "conflicting or redundant options");
      }
    }

    private TableSchema tableName() {
      List<String> parts = new ArrayList<>(3);
      while (true) {
        if (lx.type != Lexer.WORD && lx.type != Lexer.QIDENT) throw lx.syntaxError();
        parts.add(lx.text);
        lx.next();
        if (!(lx.type == Lexer.PUNCT && lx.text.equals("."))) break;
        lx.next();
      }
      String qualified = String.join(".", parts);
      if (parts.size() > 3) {
        throw new PgException(SqlState.SYNTAX_ERROR, "improper qualified name (too many dotted names): " + qualified);
      }
      String name = parts.get(parts.size() - 1);
      boolean schemaOk = parts.size() == 1 || parts.get(parts.size() - 2).equals("public");
      if (!schemaOk || !name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new PgException(SqlState.UNDEFINED_TABLE, "relation \"" + qualified + "\" does not exist");
      }
      return registry
          .table(name)
          .orElseThrow(() -> new PgException(SqlState.UNDEFINED_TABLE, "relation \"" + qualified + "\" does not exist"));
    }

    private int[] columnList(TableSchema table) {
      if (!(lx.type == Lexer.PUNCT && lx.text.equals("("))) {
        int[] all = new int[table.columns().size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
      }
      List<String> names = nameList();
      int[] cols = new int[names.size()];
      boolean[] seen = new boolean[table.columns().size()];
      for (int i = 0; i < cols.length; i++) {
        String n = names.get(i);
        int c = table.indexOf(n);
        if (c < 0) {
          throw new PgException(
              SqlState.UNDEFINED_COLUMN, "column \"" + n + "\" of relation \"" + table.name() + "\" does not exist");
        }
        if (seen[c]) throw new PgException(SqlState.DUPLICATE_COLUMN, "column \"" + n + "\" specified more than once");
        seen[c] = true;
        cols[i] = c;
      }
      return cols;
    }

    /** {@code ( name [, ...] )}, the current token being the opening parenthesis. */
    private List<String> nameList() {
      lx.next();
      List<String> names = new ArrayList<>();
      while (true) {
        if (lx.type != Lexer.WORD && lx.type != Lexer.QIDENT) throw lx.syntaxError();
        names.add(lx.text);
        lx.next();
        if (lx.type == Lexer.PUNCT && lx.text.equals(")")) break;
        expectPunct(",");
      }
      lx.next();
      return names;
    }

    /** {@code ( name [value] [, ...] )}: the current option syntax. */
    private void genericOptions() {
      lx.next();
      while (true) {
        if (lx.type != Lexer.WORD && lx.type != Lexer.QIDENT) throw lx.syntaxError();
        String name = lx.text.toLowerCase(Locale.ROOT);
        lx.next();
        Object value;
        if (lx.type == Lexer.PUNCT && (lx.text.equals(",") || lx.text.equals(")"))) {
          value = NO_VALUE;
        } else if (lx.type == Lexer.PUNCT && lx.text.equals("*")) {
          value = STAR;
          lx.next();
        } else if (lx.type == Lexer.PUNCT && lx.text.equals("(")) {
          value = nameList();
        } else if (lx.type == Lexer.WORD || lx.type == Lexer.QIDENT || lx.type == Lexer.STRING || lx.type == Lexer.NUMBER) {
          value = lx.text;
          lx.next();
        } else {
          throw lx.syntaxError();
        }
        if (!knownOption(name)) throw new PgException(SqlState.SYNTAX_ERROR, "option \"" + name + "\" not recognized");
        option(name, value);
        if (lx.type == Lexer.PUNCT && lx.text.equals(")")) break;
        expectPunct(",");
      }
      lx.next();
    }

    private static boolean knownOption(String name) {
      return switch (name) {
        case "format", "freeze", "delimiter", "null", "default", "header", "quote", "escape", "force_quote",
            "force_not_null", "force_null", "encoding" -> true;
        default -> false;
      };
    }

    /** One option of the pre-9.0 syntax; false when the current token starts none. */
    private boolean legacyOption() {
      if (lx.type != Lexer.WORD) return false;
      switch (lx.text) {
        case "binary" -> {
          lx.next();
          option("format", "binary");
        }
        case "csv" -> {
          lx.next();
          option("format", "csv");
        }
        case "header" -> {
          lx.next();
          option("header", NO_VALUE);
        }
        case "freeze" -> {
          lx.next();
          option("freeze", NO_VALUE);
        }
        case "delimiter", "null", "quote", "escape" -> {
          String name = lx.text;
          lx.next();
          if (lx.isWord("as")) lx.next();
          option(name, expectString());
        }
        case "encoding" -> {
          lx.next();
          option("encoding", expectString());
        }
        case "force" -> {
          lx.next();
          String name;
          if (lx.isWord("quote")) {
            name = "force_quote";
          } else if (lx.isWord("not")) {
            lx.next();
            if (!lx.isWord("null")) throw lx.syntaxError();
            name = "force_not_null";
          } else if (lx.isWord("null")) {
            name = "force_null";
          } else {
            throw lx.syntaxError();
          }
          lx.next();
          if (lx.type == Lexer.PUNCT && lx.text.equals("*")) {
            lx.next();
            option(name, STAR);
          } else {
            List<String> names = new ArrayList<>();
            while (true) {
              if (lx.type != Lexer.WORD && lx.type != Lexer.QIDENT) throw lx.syntaxError();
              names.add(lx.text);
              lx.next();
              if (!(lx.type == Lexer.PUNCT && lx.text.equals(","))) break;
              lx.next();
            }
            option(name, names);
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    private void expectWord(String word) {
      if (!lx.isWord(word)) throw lx.syntaxError();
      lx.next();
    }

    private void expectPunct(String p) {
      if (!(lx.type == Lexer.PUNCT && lx.text.equals(p))) throw lx.syntaxError();
      lx.next();
    }

    private String expectString() {
      if (lx.type != Lexer.STRING) throw lx.syntaxError();
      String s = lx.text;
      lx.next();
      return s;
    }
  }

  /** The tokens of a COPY statement; words are lower-cased, strings and identifiers unescaped. */
  private static final class Lexer {
    static final int EOF = 0;
    static final int WORD = 1;
    static final int QIDENT = 2;
    static final int STRING = 3;
    static final int NUMBER = 4;
    static final int PUNCT = 5;

    private final String s;
    private int pos;
    int type;
    String text;
    String raw;

    Lexer(String s) {
      this.s = s;
    }

    boolean isWord(String w) {
      return type == WORD && text.equals(w);
    }

    PgException syntaxError() {
      return new PgException(
          SqlState.SYNTAX_ERROR, type == EOF ? "syntax error at end of input" : "syntax error at or near \"" + raw + "\"");
    }

    /** The text inside the parentheses that open at the current token, which must be "(". */
    String parenthesized() {
      int start = pos;
      int depth = 1;
      int i = pos;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          pos = i + 1;
          return s.substring(start, i);
        }
        i = c == '(' || c == ')' ? i + 1 : StatementSplitter.skipToken(s, i);
      }
      type = EOF;
      throw syntaxError();
    }

    void next() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (s.startsWith("--", pos) || s.startsWith("/*", pos)) {
          pos = StatementSplitter.skipToken(s, pos);
        } else {
          break;
        }
      }
      if (pos >= s.length()) {
        type = EOF;
        text = raw = "";
        return;
      }
      int start = pos;
      char c = s.charAt(pos);
      if ((c == 'e' || c == 'E') && pos + 1 < s.length() && s.charAt(pos + 1) == '\'') {
        pos++;
        string(true);
      } else if (c == '\'') {
        string(false);
      } else if (c == '"') {
        StringBuilder b = new StringBuilder();
        int i = pos + 1;
        while (true) {
          if (i >= s.length()) {
            raw = s.substring(start);
            throw new PgException(SqlState.SYNTAX_ERROR, "unterminated quoted identifier at or near \"" + raw + "\"");
          }
          char ch = s.charAt(i++);
          if (ch == '"') {
            if (i < s.length() && s.charAt(i) == '"') {
              b.append('"');
              i++;
            } else {
              break;
            }
          } else {
            b.append(ch);
          }
        }
        pos = i;
        type = QIDENT;
        text = b.toString();
      } else if (Character.isLetter(c) || c == '_') {
        int i = pos + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) i++;
        pos = i;
        type = WORD;
        text = s.substring(start, i).toLowerCase(Locale.ROOT);
      } else if (Character.isDigit(c) || (c == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
        int i = pos + 1;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        pos = i;
        type = NUMBER;
        text = s.substring(start, i);
      } else {
        pos++;
        type = PUNCT;
        text = String.valueOf(c);
      }
      raw = s.substring(start, pos);
    }

    /** A string constant starting at the quote at {@code pos}; E'' strings take backslash escapes. */
    private void string(boolean escapes) {
      int start = pos;
      StringBuilder b = new StringBuilder();
      int i = pos + 1;
      while (true) {
        if (i >= s.length()) {
          raw = s.substring(start);
          throw new PgException(SqlState.SYNTAX_ERROR, "unterminated quoted string at or near \"" + raw + "\"");
        }
        char c = s.charAt(i++);
        if (c == '\'') {
          if (i < s.length() && s.charAt(i) == '\'') {
            b.append('\'');
            i++;
          } else {
            break;
          }
        } else if (c == '\\' && escapes && i < s.length()) {
          char e = s.charAt(i++);
          switch (e) {
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'x' -> {
              int v = 0;
              int n = 0;
              while (n < 2 && i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                v = v * 16 + Character.digit(s.charAt(i++), 16);
                n++;
              }
              b.append(n == 0 ? 'x' : (char) v);
            }
            default -> {
              if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int n = 1; n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; n++) {
                  v = v * 8 + (s.charAt(i++) - '0');
                }
                b.append((char) v);
              } else {
                b.append(e);
              }
            }
          }
        } else {
          b.append(c);
        }
      }
      pos = i;
      type = STRING;
      text = b.toString();
    }
  }
}
