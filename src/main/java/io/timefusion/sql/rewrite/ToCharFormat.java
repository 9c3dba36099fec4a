package io.timefusion.sql.rewrite;

/** Translates PostgreSQL {@code to_char} date/time patterns into DuckDB {@code strftime} formats. */
final class ToCharFormat {
  private static final String[][] FIELDS = {
    {"HH24", "%H"}, {"HH12", "%I"}, {"YYYY", "%Y"}, {"Month", "%B"}, {"Mon", "%b"}, {"Day", "%A"},
    {"Dy", "%a"}, {"MM", "%m"}, {"DDD", "%j"}, {"DD", "%d"}, {"HH", "%I"}, {"MI", "%M"}, {"SS", "%S"}, {"MS", "%g"},
    {"US", "%f"}, {"YY", "%y"}, {"AM", "%p"}, {"PM", "%p"},
  };

  private ToCharFormat() {}

  /** The strftime format for {@code pattern}, or null when it uses a field this does not know. */
  static String toStrftime(String pattern) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    outer:
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '"') {
        int end = pattern.indexOf('"', i + 1);
        if (end < 0) return null;
        out.append(pattern.substring(i + 1, end).replace("%", "%%"));
        i = end + 1;
        continue;
      }
      for (String[] f : FIELDS) {
        if (pattern.startsWith(f[0], i)) {
          // Month and Day are blank-padded to 9 characters in PostgreSQL; strftime does not pad.
          if (f[0].equals("Month") || f[0].equals("Day")) return null;
          out.append(f[1]);
          i += f[0].length();
          continue outer;
        }
      }
      if (Character.isLetter(c)) return null;
      out.append(c == '%' ? "%%" : String.valueOf(c));
      i++;
    }
    return out.toString();
  }
}
