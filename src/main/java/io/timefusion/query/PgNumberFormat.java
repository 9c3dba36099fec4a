package io.timefusion.query;

import io.timefusion.error.SqlState;
import io.timefusion.query.PgFunctions.PgFunctionError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's number patterns ({@code 9}, {@code 0}, {@code .}/{@code D}, {@code ,}/{@code G},
 * {@code FM}, {@code S}, {@code MI}, {@code PL}, {@code SG}, {@code PR}, {@code L}, {@code EEEE})
 * for {@code to_char(number, pattern)} and {@code to_number(text, pattern)}: after the number
 * part of PostgreSQL 15's formatting.c (see NOTICE), in the C locale (decimal point ".", group
 * separator ",", currency symbol " "). Roman numerals, ordinal suffixes and {@code V} are not
 * supported.
 */
final class PgNumberFormat {
  private enum Key { NINE, ZERO, DEC, D, COMMA, G, FM, S, MI, PL, SG, PR, L, EEEE, LITERAL }

  private record Node(Key key, String text) {}

  /** The pattern's description, as NUMDesc. */
  private static final class Desc {
    int pre;
    int post;
    boolean decimal;
    boolean zero;
    int zeroStart;
    int zeroEnd;
    boolean fillMode;
    boolean lsign;
    boolean lsignPre;
    int preLsignNum;
    boolean minus;
    boolean plus;
    boolean bracket;
    boolean eeee;
  }

  private final List<Node> nodes = new ArrayList<>();
  private final Desc num = new Desc();

  private PgNumberFormat(String pattern) {
    parse(pattern);
  }

  /** {@code to_char} of an exact number given as its text (an integer or a numeric). */
  static String toChar(String number, String pattern) {
    PgNumberFormat f = new PgNumberFormat(pattern);
    BigDecimal value = new BigDecimal(number.strip());
    if (f.num.eeee) return f.scientific(value);
    String text = value.setScale(f.num.post, RoundingMode.HALF_UP).toPlainString();
    return f.format(text);
  }

  /** {@code to_char} of a float: rounded as C's {@code %.*f} rounds, to at most {@code digits} significant digits. */
  static String toChar(double value, int digits, String pattern) {
    PgNumberFormat f = new PgNumberFormat(pattern);
    if (Double.isNaN(value) || Double.isInfinite(value)) return f.overflow(value < 0 ? '-' : '+');
    if (f.num.eeee) return f.scientific(new BigDecimal(value).round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN)));
    int preLength = new BigDecimal(Math.abs(value)).setScale(0, RoundingMode.HALF_EVEN).toPlainString().length();
    if (preLength >= digits) f.num.post = 0;
    else if (preLength + f.num.post > digits) f.num.post = digits - preLength;
    String text = new BigDecimal(value).setScale(f.num.post, RoundingMode.HALF_EVEN).toPlainString();
    if (text.startsWith("-") && new BigDecimal(text).signum() == 0) text = text.substring(1);
    return f.format(text);
  }

  private void parse(String pattern) {
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      String rest = pattern.substring(i);
      String upper = rest.length() >= 4 ? rest.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : rest.toUpperCase(java.util.Locale.ROOT);
      if (c == '"') {
        int end = pattern.indexOf('"', i + 1);
        String text = end < 0 ? pattern.substring(i + 1) : pattern.substring(i + 1, end);
        nodes.add(new Node(Key.LITERAL, text));
        i = end < 0 ? pattern.length() : end + 1;
        continue;
      }
      if (c == '\\' && i + 1 < pattern.length()) {
        nodes.add(new Node(Key.LITERAL, String.valueOf(pattern.charAt(i + 1))));
        i += 2;
        continue;
      }
      Key key;
      int length = 1;
      if (upper.startsWith("EEEE")) {
        key = Key.EEEE;
        length = 4;
      } else if (upper.startsWith("FM") || upper.startsWith("MI") || upper.startsWith("PL") || upper.startsWith("SG") || upper.startsWith("PR")) {
        key = Key.valueOf(upper.substring(0, 2));
        length = 2;
      } else if (upper.startsWith("RN") || upper.startsWith("TH") || upper.startsWith("SP") || upper.startsWith("V") || upper.startsWith("B")) {
        String unsupported = upper.startsWith("V") || upper.startsWith("B") ? rest.substring(0, 1) : rest.substring(0, 2);
        throw new PgFunctionError(SqlState.FEATURE_NOT_SUPPORTED, "to_char and to_number pattern \"" + unsupported + "\" is not supported");
      } else {
        key = switch (Character.toUpperCase(c)) {
          case '9' -> Key.NINE;
          case '0' -> Key.ZERO;
          case '.' -> Key.DEC;
          case 'D' -> Key.D;
          case ',' -> Key.COMMA;
          case 'G' -> Key.G;
          case 'S' -> Key.S;
          case 'L' -> Key.L;
          default -> Key.LITERAL;
        };
      }
      nodes.add(new Node(key, pattern.substring(i, i + length)));
      describe(key);
      i += length;
    }
  }

  /** NUMDesc_prepare. */
  private void describe(Key key) {
    switch (key) {
      case NINE -> {
        if (num.bracket) throw error("\"9\" must be ahead of \"PR\"");
        if (num.decimal) num.post++;
        else num.pre++;
      }
      case ZERO -> {
        if (num.bracket) throw error("\"0\" must be ahead of \"PR\"");
        if (!num.zero && !num.decimal) {
          num.zero = true;
          num.zeroStart = num.pre + 1;
        }
        if (!num.decimal) num.pre++;
        else num.post++;
        num.zeroEnd = num.pre + num.post;
      }
      case DEC, D -> {
        if (num.decimal) throw error("multiple decimal points");
        num.decimal = true;
      }
      case FM -> num.fillMode = true;
      case S -> {
        if (num.lsign) throw error("cannot use \"S\" twice");
        if (num.plus || num.minus || num.bracket) throw error("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
        if (!num.decimal) {
          num.lsignPre = true;
          num.preLsignNum = num.pre;
          num.lsign = true;
        } else {
          num.lsignPre = false;
          num.lsign = true;
        }
      }
      case MI -> {
        if (num.lsign) throw error("cannot use \"S\" and \"MI\" together");
        num.minus = true;
      }
      case PL -> {
        if (num.lsign) throw error("cannot use \"S\" and \"PL\" together");
        num.plus = true;
      }
      case SG -> {
        if (num.lsign) throw error("cannot use \"S\" and \"SG\" together");
        num.minus = true;
        num.plus = true;
      }
      case PR -> {
        if (num.lsign || num.plus || num.minus) throw error("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
        num.bracket = true;
      }
      case EEEE -> {
        if (num.eeee) throw error("cannot use \"EEEE\" twice");
        num.eeee = true;
      }
      default -> {}
    }
  }

  private static PgFunctionError error(String message) {
    return new PgFunctionError(SqlState.SYNTAX_ERROR, message);
  }

  /** numeric_out_sci with the pattern's decimals, a space before a positive number. */
  private String scientific(BigDecimal value) {
    if (value.signum() == 0) return " " + BigDecimal.ZERO.setScale(num.post).toPlainString() + "e+00";
    int exponent = value.precision() - value.scale() - 1;
    BigDecimal mantissa = value.movePointLeft(exponent).setScale(num.post, RoundingMode.HALF_UP);
    if (mantissa.abs().compareTo(BigDecimal.TEN) >= 0) {
      exponent++;
      mantissa = value.movePointLeft(exponent).setScale(num.post, RoundingMode.HALF_UP);
    }
    String e = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    String m = mantissa.toPlainString();
    return (m.startsWith("-") ? "" : " ") + m + "e" + e;
  }

  /** The pattern with every digit position a '#': a number too large for the pattern. */
  private String overflow(char sign) {
    StringBuilder hashes = new StringBuilder();
    for (int i = 0; i < num.pre + num.post + 1; i++) hashes.append(i == num.pre ? '.' : '#');
    return process(hashes.toString(), 0, sign);
  }

  /** The rounded number as plain text (a leading '-' for a negative one) laid out in the pattern. */
  private String format(String text) {
    char sign = text.startsWith("-") ? '-' : '+';
    String digits = sign == '-' ? text.substring(1) : text;
    int dot = digits.indexOf('.');
    int preLength = dot < 0 ? digits.length() : dot;
    if (preLength > num.pre) return overflow(sign);
    return process(digits, num.pre - preLength, sign);
  }

  // ---- NUM_processor, to_char direction ----

  private String number;
  private int numberP;
  private int lastRelevant;
  private int outPreSpaces;
  private int numCurr;
  private int numCount;
  private boolean signWrote;
  private boolean numIn;
  private char signChar;
  private StringBuilder out;

  private String process(String digits, int preSpaces, char sign) {
    number = digits;
    numberP = 0;
    out = new StringBuilder();
    signChar = sign;
    outPreSpaces = preSpaces;
    numCurr = 0;
    numIn = false;
    int zeroStart = num.zeroStart > 0 ? num.zeroStart - 1 : 0;
    boolean lsignPre = num.lsignPre;
    boolean bracket = num.bracket;
    if (num.plus || num.minus) {
      signWrote = !(num.plus && !num.minus);
    } else {
      if (sign != '-' && num.fillMode) bracket = false;
      signWrote = sign == '+' && num.fillMode && !num.lsign;
      if (num.lsign && lsignPre && num.pre == num.preLsignNum) lsignPre = false;
    }
    numCount = num.post + num.pre - 1;
    lastRelevant = -1;
    if (num.fillMode && num.decimal) {
      lastRelevant = lastRelevantDecimal(number);
      if (lastRelevant >= 0 && num.zeroEnd > outPreSpaces) {
        int lastZero = num.zeroEnd - outPreSpaces;
        if (lastRelevant < lastZero) lastRelevant = lastZero;
      }
    }
    if (!signWrote && outPreSpaces == 0) numCount++;
    for (Node n : nodes) {
      switch (n.key()) {
        case NINE, ZERO, DEC, D -> numPart(n.key(), zeroStart, lsignPre, bracket);
        case COMMA, G -> {
          if (!numIn) {
            if (!num.fillMode) out.append(' ');
          } else {
            out.append(',');
          }
        }
        case L -> out.append(' ');
        case MI -> {
          if (signChar == '-') out.append('-');
          else if (!num.fillMode) out.append(' ');
        }
        case PL -> {
          if (signChar == '+') out.append('+');
          else if (!num.fillMode) out.append(' ');
        }
        case SG -> out.append(signChar);
        case LITERAL -> out.append(n.text());
        default -> {}
      }
    }
    // a digit position past the end of the number writes C's string end: PostgreSQL's text stops there
    int end = out.indexOf("\0");
    return end < 0 ? out.toString() : out.substring(0, end);
  }

  private static int lastRelevantDecimal(String number) {
    int p = number.indexOf('.');
    if (p < 0) return -1;
    int result = p;
    for (int i = p + 1; i < number.length(); i++) if (number.charAt(i) != '0') result = i;
    return result;
  }

  private char numberAt(int i) {
    return i < number.length() ? number.charAt(i) : 0;
  }

  private boolean predecSpace() {
    return !num.zero && numberP == 0 && numberAt(0) == '0' && num.post != 0;
  }

  /** NUM_numpart_to_char. */
  private void numPart(Key id, int zeroStart, boolean lsignPre, boolean bracket) {
    numIn = false;
    if (!signWrote
        && (numCurr >= outPreSpaces || (num.zero && zeroStart == numCurr))
        && (!predecSpace() || (lastRelevant >= 0 && numberAt(lastRelevant) == '.'))) {
      if (num.lsign) {
        if (lsignPre) {
          out.append(signChar == '-' ? '-' : '+');
          signWrote = true;
        }
      } else if (bracket) {
        out.append(signChar == '+' ? ' ' : '<');
        signWrote = true;
      } else if (signChar == '+') {
        if (!num.fillMode) out.append(' ');
        signWrote = true;
      } else if (signChar == '-') {
        out.append('-');
        signWrote = true;
      }
    }
    if (numCurr < outPreSpaces && (zeroStart > numCurr || !num.zero)) {
      if (!num.fillMode) out.append(' ');
    } else if (num.zero && numCurr < outPreSpaces && zeroStart <= numCurr) {
      out.append('0');
      numIn = true;
    } else {
      if (numberAt(numberP) == '.') {
        if (lastRelevant < 0 || numberAt(lastRelevant) != '.') {
          out.append('.');
        } else if (num.fillMode) {
          out.append('.');
        }
      } else {
        if (lastRelevant >= 0 && numberP > lastRelevant && id != Key.ZERO) {
          // a trailing zero FM drops
        } else if (predecSpace()) {
          if (!num.fillMode) out.append(' ');
          else if (lastRelevant >= 0 && numberAt(lastRelevant) == '.') out.append('0');
        } else {
          out.append(numberAt(numberP));
          numIn = true;
        }
      }
      if (numberP < number.length()) numberP++;
    }
    int end = numCount + (outPreSpaces > 0 ? 1 : 0) + (num.decimal ? 1 : 0);
    if (lastRelevant >= 0 && lastRelevant == numberP) end = numCurr;
    if (numCurr + 1 == end) {
      if (signWrote && bracket) out.append(signChar == '+' ? ' ' : '>');
      else if (num.lsign && !lsignPre) out.append(signChar == '-' ? '-' : '+');
    }
    numCurr++;
  }

  // ---- to_number ----

  /**
   * {@code to_number(text, pattern)}: the number the text holds where the pattern has digit
   * positions, as text for a numeric cast (which keeps the decimals read).
   */
  static String toNumber(String text, String pattern) {
    PgNumberFormat f = new PgNumberFormat(pattern);
    return f.read(text);
  }

  /** NUM_processor in the to_number direction. */
  private String read(String in) {
    StringBuilder digits = new StringBuilder();
    char sign = ' ';
    boolean readDec = false;
    int readPre = 0;
    int readPost = 0;
    int p = 0;
    boolean numIn = false;
    for (Node n : nodes) {
      if (p >= in.length()) break;
      switch (n.key()) {
        case NINE, ZERO, DEC, D -> {
          if (in.charAt(p) == ' ') p++;
          if (p >= in.length()) break;
          if (sign == ' ' && (n.key() == Key.NINE || n.key() == Key.ZERO) && readPre + readPost == 0) {
            char c = in.charAt(p);
            if (c == '-' || (num.bracket && c == '<')) {
              sign = '-';
              p++;
            } else if (c == '+') {
              sign = '+';
              p++;
            }
            if (p >= in.length()) break;
          }
          char c = in.charAt(p);
          if (Character.isDigit(c)) {
            if (readDec && readPost == num.post) break;
            digits.append(c);
            if (readDec) readPost++;
            else readPre++;
            numIn = true;
            p++;
          } else if (num.decimal && !readDec && c == '.') {
            digits.append('.');
            readDec = true;
            p++;
          } else {
            break;
          }
          if (p < in.length() && (num.lsign && !num.lsignPre || num.minus || num.plus) && readPre + readPost > 0
              && (in.charAt(p) == '-' || in.charAt(p) == '+') && isLastDigitPosition(n)) {
            sign = in.charAt(p);
            p++;
          }
        }
        case COMMA, G -> {
          if (!numIn && num.fillMode) break;
          if (in.charAt(p) == ',') p++;
        }
        case L -> {
          // a currency symbol: anything that is no digit, sign or decimal point
          while (p < in.length() && !Character.isDigit(in.charAt(p)) && "+-.<".indexOf(in.charAt(p)) < 0) p++;
        }
        case S, MI, PL, SG -> {
          char c = in.charAt(p);
          if (c == '-' || c == '+') {
            sign = c;
            p++;
          } else if (c == ' ' && n.key() != Key.S) {
            p++;
          }
        }
        case PR -> {
          if (in.charAt(p) == '>') p++;
        }
        case LITERAL -> p += n.text().length();
        default -> {}
      }
    }
    if (digits.isEmpty() || digits.toString().equals(".")) {
      throw new PgFunctionError(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type numeric: \" \"");
    }
    String number = digits.toString();
    if (number.startsWith(".")) number = "0" + number;
    if (number.endsWith(".")) number = number.substring(0, number.length() - 1);
    return (sign == '-' ? "-" : "") + number;
  }

  /** Whether {@code n} is the last digit position of the pattern (a sign may follow the number there). */
  private boolean isLastDigitPosition(Node n) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Key k = nodes.get(i).key();
      if (k == Key.NINE || k == Key.ZERO) return nodes.get(i) == n;
    }
    return false;
  }
}
