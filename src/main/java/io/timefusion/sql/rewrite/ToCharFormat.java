package io.timefusion.sql.rewrite;

import java.util.ArrayList;
import java.util.List;

/** Translates PostgreSQL {@code to_char} date/time patterns into DuckDB {@code strftime} formats. */
final class ToCharFormat {
  /**
   * A piece of the output: a strftime format, blank-padded on the right to {@code width} (0: as
   * it is) and in {@code letterCase} ('U' upper, 'L' lower, ' ' as strftime writes it).
   */
  record Part(String format, int width, char letterCase) {
    boolean plain() {
      return width == 0 && letterCase == ' ';
    }
  }

  private record Field(String pattern, String format, String unpadded, int width, char letterCase, boolean anyCase) {}

  /** Longer patterns first where one starts another (HH24 before HH, DDD before DD, MONTH before MON). */
  private static final List<Field> FIELDS = List.of(
      number("HH24", "%H", "%-H"), number("HH12", "%I", "%-I"), number("IYYY", "%G", "%G"), number("YYYY", "%Y", "%Y"),
      name("MONTH", "%B", 9, 'U'), name("Month", "%B", 9, ' '), name("month", "%B", 9, 'L'),
      name("MON", "%b", 0, 'U'), name("Mon", "%b", 0, ' '), name("mon", "%b", 0, 'L'),
      name("DAY", "%A", 9, 'U'), name("Day", "%A", 9, ' '), name("day", "%A", 9, 'L'),
      name("DY", "%a", 0, 'U'), name("Dy", "%a", 0, ' '), name("dy", "%a", 0, 'L'),
      number("MM", "%m", "%-m"), number("DDD", "%j", "%-j"), number("DD", "%d", "%-d"), number("HH", "%I", "%-I"),
      number("MI", "%M", "%-M"), number("SS", "%S", "%-S"), number("MS", "%g", "%g"), number("US", "%f", "%f"),
      number("IW", "%V", "%-V"), number("YY", "%y", "%y"),
      name("AM", "%p", 0, 'U'), name("PM", "%p", 0, 'U'), name("am", "%p", 0, 'L'), name("pm", "%p", 0, 'L'),
      // sessions run in UTC
      name("TZ", "UTC", 0, ' '), name("tz", "utc", 0, ' '), name("OF", "+00", 0, ' '));

  private static Field number(String pattern, String format, String unpadded) {
    return new Field(pattern, format, unpadded, 0, ' ', true);
  }

  private static Field name(String pattern, String format, int width, char letterCase) {
    return new Field(pattern, format, format, width, letterCase, false);
  }

  private ToCharFormat() {}

  /** The strftime format for {@code pattern}, or null when it uses a field this does not know or pads a name. */
  static String toStrftime(String pattern) {
    List<Part> parts = parts(pattern);
    return parts != null && parts.size() == 1 && parts.get(0).plain() ? parts.get(0).format() : null;
  }

  /**
   * The strptime format that reads what {@code pattern} describes ({@code to_date}, {@code
   * to_timestamp}), or null: names of months and days are read whatever their padding and case.
   */
  static String toStrptime(String pattern) {
    List<Part> parts = parts(pattern);
    if (parts == null) return null;
    StringBuilder format = new StringBuilder();
    for (Part p : parts) format.append(p.format());
    return format.toString();
  }

  /** Date and time fields, which no number pattern has (MI, D, FM, TH are in both kinds). */
  private static final java.util.regex.Pattern DATE_FIELD =
      java.util.regex.Pattern.compile("(?i)Y|HH|SS|MM|DD|MON|DAY|DY|[AP]\\.?M|MS|US|IW|Q|WW|J|CC|TZ|OF");

  /**
   * Whether {@code pattern} is a number pattern ({@code 9,999.99}, {@code FM0000}): digit positions
   * outside quotes and no date or time field ({@code HH24:00} and {@code YYYY-MM-01} are dates).
   */
  static boolean isNumberPattern(String pattern) {
    String outsideQuotes = pattern.replaceAll("\"[^\"]*\"", "");
    return (outsideQuotes.indexOf('9') >= 0 || outsideQuotes.indexOf('0') >= 0) && !DATE_FIELD.matcher(outsideQuotes).find();
  }

  /**
   * The output of {@code pattern} as pieces, adjacent plain ones joined; null when it uses a
   * field this does not know. {@code FM} before a field drops its padding (zeros of a number,
   * blanks after a name).
   */
  static List<Part> parts(String pattern) {
    List<Part> parts = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    int i = 0;
    boolean fill = false;
    outer:
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '"') {
        int end = pattern.indexOf('"', i + 1);
        if (end < 0) return null;
        plain.append(pattern.substring(i + 1, end).replace("%", "%%"));
        i = end + 1;
        continue;
      }
      if (pattern.regionMatches(true, i, "FM", 0, 2)) {
        fill = true;
        i += 2;
        continue;
      }
      for (Field f : FIELDS) {
        if (pattern.regionMatches(f.anyCase(), i, f.pattern(), 0, f.pattern().length())) {
          String format = fill ? f.unpadded() : f.format();
          int width = fill ? 0 : f.width();
          if (width == 0 && f.letterCase() == ' ') {
            plain.append(format);
          } else {
            if (!plain.isEmpty()) parts.add(new Part(plain.toString(), 0, ' '));
            plain.setLength(0);
            parts.add(new Part(format, width, f.letterCase()));
          }
          fill = false;
          i += f.pattern().length();
          continue outer;
        }
      }
      if (Character.isLetter(c)) return null;
      plain.append(c == '%' ? "%%" : String.valueOf(c));
      i++;
    }
    if (!plain.isEmpty() || parts.isEmpty()) parts.add(new Part(plain.toString(), 0, ' '));
    return parts;
  }
}
