package io.timefusion.sql;

import java.util.Locale;

/** What a statement is, decided from its leading keywords, to route it to the right path. */
enum StatementKind {
  INSERT,
  /** COPY FROM STDIN or TO STDOUT; to or from the server's files it is refused. */
  COPY,
  QUERY,
  /** DECLARE, FETCH, MOVE, CLOSE: a cursor, which the wire protocol keeps (see {@link CursorStatement}). */
  CURSOR,
  SET,
  SHOW,
  BEGIN,
  COMMIT,
  ROLLBACK,
  NOOP,
  UNSUPPORTED,
  /** A command of the embedded engine (ATTACH, INSTALL, PRAGMA...): never a client's to run. */
  ENGINE_COMMAND,
  /** Not a SQL command at all: PostgreSQL reports a syntax error at the first word. */
  UNKNOWN;

  /** PostgreSQL commands TimeFusion does not run (as opposed to words that are no command). */
  private static final java.util.Set<String> OTHER_COMMANDS = java.util.Set.of(
      "update", "delete", "merge", "create", "drop", "alter", "truncate", "grant", "revoke",
      "vacuum", "analyze", "analyse", "cluster", "reindex", "checkpoint", "comment", "lock", "prepare",
      "execute", "do", "notify", "refresh", "security", "reassign");

  /** DuckDB's own commands, which would reach the server's files, extensions or settings. */
  private static final java.util.Set<String> ENGINE_COMMANDS = java.util.Set.of(
      "attach", "detach", "install", "force", "load", "pragma", "call", "export", "import", "use", "update_extensions");

  static StatementKind of(String sql) {
    String[] words = leadingWords(sql, 2);
    if (words.length == 0) return NOOP;
    return switch (words[0]) {
      case "insert" -> INSERT;
      case "copy" -> COPY;
      case "select", "with", "values", "table", "explain", "from", "(" -> QUERY;
      case "set", "reset" -> SET;
      case "show" -> SHOW;
      case "begin", "start" -> BEGIN;
      case "commit", "end" -> COMMIT;
      case "rollback", "abort" -> ROLLBACK;
      case "declare", "fetch", "move", "close" -> CURSOR;
      case "discard", "deallocate", "listen", "unlisten", "unlisten*", "savepoint", "release" -> NOOP;
      default ->
          ENGINE_COMMANDS.contains(words[0]) ? ENGINE_COMMAND : OTHER_COMMANDS.contains(words[0]) ? UNSUPPORTED : UNKNOWN;
    };
  }

  /** The first {@code n} words of the statement, lower-cased, skipping comments and whitespace. */
  static String[] leadingWords(String sql, int n) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 0;
    int len = sql.length();
    while (i < len && out.size() < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
        while (i < len && sql.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? len : end + 2;
      } else if (c == '(') {
        out.add("(");
        i++;
      } else {
        int start = i;
        while (i < len && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '*')) i++;
        if (i == start) i++;
        out.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
      }
    }
    return out.toArray(String[]::new);
  }
}
