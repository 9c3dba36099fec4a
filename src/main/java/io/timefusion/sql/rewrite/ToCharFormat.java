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
    return translate(pattern, false);
  }

  /**
   * The strptime format that reads what {@code pattern} describes ({@code to_date}, {@code
   * to_timestamp}), or null: names of months and days are read whatever their padding.
   */
  static String toStrptime(String pattern) {
    return translate(pattern, true);
  }

  /**
   * Whether {@code pattern} is a number pattern ({@code 9,999.99}, {@code FM0000}): digit positions
   * outside quotes, which no date or time field is written with.
   */
  static boolean isNumberPattern(String pattern) {
    String outsideQuotes = pattern.replaceAll("\"[^\"]*\"", "");
    return outsideQuotes.indexOf('9') >= 0 || outsideQuotes.indexOf('0') >= 0;
  }

  private static String translate(String pattern, boolean parsing) {
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
          if (!parsing && (f[0].equals("Month") || f[0].equals("Day"))) return null;
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
