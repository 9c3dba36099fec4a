package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.CursorStatement.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads DECLARE, FETCH, MOVE and CLOSE with PostgreSQL's grammar into {@link CursorStatement}s. */
final class CursorParser {
  private final String sql;
  private int pos;

  private CursorParser(String sql) {
    this.sql = sql;
  }

  /** Parses a statement that starts with DECLARE, FETCH, MOVE or CLOSE. */
  static CursorStatement parse(String sql) {
    CursorParser p = new CursorParser(sql);
    String command = p.next().text();
    return switch (command) {
      case "declare" -> p.declare();
      case "fetch", "move" -> p.fetch(command.equals("move"));
      case "close" -> p.close();
      default -> throw new IllegalArgumentException("not a cursor statement: " + sql);
    };
  }

  private CursorStatement.Declare declare() {
    String name = next().name();
    boolean binary = false;
    Token tok = next();
    while (!tok.is("cursor")) {
      if (tok.is("binary")) {
        binary = true;
      } else if (tok.is("no") && peek().is("scroll")) {
        next();
      } else if (tok.is("scroll")) {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "SCROLL cursors are not supported", null,
            "TimeFusion cursors stream their result and read it forward only: declare the cursor without SCROLL.", null);
      } else if (!tok.is("insensitive") && !tok.is("asensitive")) {
        throw syntaxError(tok);
      }
      tok = next();
    }
    boolean hold = false;
    tok = next();
    if (tok.is("with") || tok.is("without")) {
      hold = tok.is("with");
      tok = next();
      if (!tok.is("hold")) throw syntaxError(tok);
      tok = next();
    }
    if (!tok.is("for")) throw syntaxError(tok);
    skipSpace();
    String query = sql.substring(pos).strip();
    if (query.isEmpty()) throw syntaxError(Token.END);
    return new CursorStatement.Declare(name, binary, hold, query);
  }

  private CursorStatement.Fetch fetch(boolean move) {
    List<Token> words = new ArrayList<>();
    for (Token tok = next(); tok != Token.END; tok = next()) words.add(tok);
    if (words.isEmpty()) throw syntaxError(Token.END);
    String name = words.removeLast().name();
    if (!words.isEmpty() && (words.getLast().is("from") || words.getLast().is("in"))) words.removeLast();
    if (words.size() > 2) throw syntaxError(words.get(2));
    Direction direction = Direction.FORWARD;
    long count = 1;
    if (!words.isEmpty()) {
      Token w = words.get(0);
      Token n = words.size() == 2 ? words.get(1) : null;
      String keyword = w.quoted() ? "" : w.text();
      if (n != null && !List.of("forward", "backward", "relative", "absolute").contains(keyword)) throw syntaxError(n);
      switch (keyword) {
        case "next" -> {}
        case "prior" -> count = -1;
        case "first" -> direction = Direction.ABSOLUTE;
        case "last" -> {
          direction = Direction.ABSOLUTE;
          count = -1;
        }
        case "all" -> count = CursorStatement.ALL;
        case "forward" -> count = n == null ? 1 : n.is("all") ? CursorStatement.ALL : n.count();
        case "backward" -> count = n == null ? -1 : n.is("all") ? -CursorStatement.ALL : -n.count();
        case "relative", "absolute" -> {
          if (n == null) throw syntaxError(Token.END);
          direction = keyword.equals("relative") ? Direction.RELATIVE : Direction.ABSOLUTE;
          count = n.count();
        }
        default -> count = w.count();
      }
    }
    return new CursorStatement.Fetch(name, move, direction, count);
  }

  private CursorStatement.Close close() {
    Token tok = next();
    String name = tok.is("all") ? null : tok.name();
    Token end = next();
    if (end != Token.END) throw syntaxError(end);
    return new CursorStatement.Close(name);
  }

  /** A word (lower-cased unless quoted), a quoted identifier, a number with its sign, or one other character. */
  private record Token(String text, boolean quoted) {
    static final Token END = new Token("", false);

    boolean is(String keyword) {
      return !quoted && text.equals(keyword);
    }

    /** This token as a cursor name: a quoted identifier as written, a word lower-cased. */
    String name() {
      if (quoted && text.isEmpty()) {
        throw new PgException(SqlState.SYNTAX_ERROR, "zero-length delimited identifier at or near \"\"\"\"");
      }
      if (!quoted && (text.isEmpty() || !(Character.isLetter(text.charAt(0)) || text.charAt(0) == '_'))) {
        throw syntaxError(this);
      }
      return text;
    }

    long count() {
      if (quoted) throw syntaxError(this);
      try {
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException e) {
        throw syntaxError(this);
      }
    }
  }

  private Token peek() {
    int at = pos;
    Token t = next();
    pos = at;
    return t;
  }

  private Token next() {
    skipSpace();
    int n = sql.length();
    if (pos >= n) return Token.END;
    int start = pos;
    char c = sql.charAt(pos);
    if (c == '"') {
      pos = StatementSplitter.skipToken(sql, pos);
      int end = pos > start + 1 && sql.charAt(pos - 1) == '"' ? pos - 1 : pos;
      return new Token(sql.substring(start + 1, end).replace("\"\"", "\""), true);
    }
    if ((c == '+' || c == '-') && pos + 1 < n && Character.isDigit(sql.charAt(pos + 1))) pos++;
    if (isWordChar(sql.charAt(pos))) {
      while (pos < n && (isWordChar(sql.charAt(pos)) || sql.charAt(pos) == '$')) pos++;
      return new Token(sql.substring(start, pos).toLowerCase(Locale.ROOT), false);
    }
    pos++;
    return new Token(String.valueOf(c), false);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private void skipSpace() {
    int n = sql.length();
    while (pos < n) {
      if (Character.isWhitespace(sql.charAt(pos))) {
        pos++;
      } else if (sql.startsWith("--", pos) || sql.startsWith("/*", pos)) {
        pos = StatementSplitter.skipToken(sql, pos);
      } else {
        return;
      }
    }
  }

  private static PgException syntaxError(Token at) {
    return new PgException(SqlState.SYNTAX_ERROR,
        at == Token.END ? "syntax error at end of input" : "syntax error at or near \"" + at.text() + "\"");
  }
}
