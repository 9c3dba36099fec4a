package io.timefusion.pgwire;

import io.timefusion.pgwire.types.PgType;
import io.timefusion.pgwire.types.WireBuffer;
import io.timefusion.sql.CopyOptions;
import io.timefusion.sql.QueryResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the rows of a {@code COPY ... TO STDOUT} in the COPY's format, one row per CopyData
 * payload. Values are the types' text (or binary) output, the same bytes a query result carries;
 * text format escapes them with backslashes, CSV quotes them where PostgreSQL does.
 */
final class CopyOutEncoder {
  private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private final CopyOptions options;
  private final PgType[] types;
  private final List<String> names;
  private final byte delimiter;
  private final byte quote;
  private final byte escape;
  private final byte[] nullBytes;
  private byte[] scratch = new byte[256];
  /**
   * Binary data starts with the signature, which goes in the CopyData of the first row (or of the
   * trailer), as PostgreSQL sends it: psycopg reads the signature and a row from one message.
   */
  private boolean signaturePending;

  CopyOutEncoder(CopyOptions options, PgType[] types, List<String> names) {
    this.options = options;
    this.types = types;
    this.names = names;
    this.delimiter = options.delimiter();
    this.quote = options.quote();
    this.escape = options.escape();
    this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
    this.signaturePending = options.binary();
  }

  /** Whether a header line goes before the first row, in a CopyData of its own. */
  boolean hasPreamble() {
    return options.header() && !options.binary();
  }

  void preamble(WireBuffer out) {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) out.writeByte(delimiter);
      int at = out.size();
      out.writeUtf8(names.get(i));
      if (options.csv()) quoteCsv(out, at, false);
      else escapeText(out, at);
    }
    out.writeByte('\n');
  }

  /** The end of binary data: a field count of -1. */
  void binaryTrailer(WireBuffer out) {
    signature(out);
    out.writeShort(-1);
  }

  private void signature(WireBuffer out) {
    if (signaturePending) out.writeBytes(BINARY_HEADER);
    signaturePending = false;
  }

  void row(QueryResult row, WireBuffer out) {
    if (options.binary()) {
      signature(out);
      out.writeShort(types.length);
      for (int i = 0; i < types.length; i++) {
        Object v = row.get(i);
        if (v == null) {
          out.writeInt(-1);
          continue;
        }
        int lengthAt = out.size();
        out.writeInt(0);
        types[i].writeBinary(v, out);
        out.putInt(lengthAt, out.size() - lengthAt - 4);
      }
      return;
    }
    for (int i = 0; i < types.length; i++) {
      if (i > 0) out.writeByte(delimiter);
      Object v = row.get(i);
      if (v == null) {
        out.writeBytes(nullBytes);
        continue;
      }
      int at = out.size();
      types[i].writeText(v, out);
      if (options.csv()) quoteCsv(out, at, options.forceQuote()[i]);
      else escapeText(out, at);
    }
    out.writeByte('\n');
  }

  /** Backslash-escapes the value written from {@code at}: backslash, delimiter, \b \f \n \r \t \v. */
  private void escapeText(WireBuffer out, int at) {
    byte[] b = out.array();
    int end = out.size();
    int i = at;
    while (i < end && !needsEscape(b[i])) i++;
    if (i == end) return;
    int n = end - at;
    byte[] raw = copy(b, at, n);
    out.truncate(at);
    for (int k = 0; k < n; k++) {
      byte c = raw[k];
      if (!needsEscape(c)) {
        out.writeByte(c);
        continue;
      }
      out.writeByte('\\');
      out.writeByte(switch (c) {
        case '\b' -> 'b';
        case '\f' -> 'f';
        case '\n' -> 'n';
        case '\r' -> 'r';
        case '\t' -> 't';
        case 0x0B -> 'v';
        default -> c; // backslash or the delimiter
      });
    }
  }

  private boolean needsEscape(byte c) {
    return c == '\\' || c == delimiter || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == 0x0B;
  }

  /**
   * Quotes the value written from {@code at} when PostgreSQL would: when forced, when it equals
   * the null string, contains the delimiter, the quote, CR or LF, or is {@code \.} as the only
   * column. Inside quotes, quote and escape characters are preceded by the escape.
   */
  private void quoteCsv(WireBuffer out, int at, boolean force) {
    byte[] b = out.array();
    int end = out.size();
    int n = end - at;
    boolean use = force || (n == nullBytes.length && Arrays.equals(b, at, end, nullBytes, 0, n));
    if (!use && types.length == 1 && n == 2 && b[at] == '\\' && b[at + 1] == '.') use = true;
    for (int i = at; i < end && !use; i++) {
      byte c = b[i];
      use = c == delimiter || c == quote || c == '\n' || c == '\r';
    }
    if (!use) return;
    byte[] raw = copy(b, at, n);
    out.truncate(at);
    out.writeByte(quote);
    for (int k = 0; k < n; k++) {
      byte c = raw[k];
      if (c == quote || c == escape) out.writeByte(escape);
      out.writeByte(c);
    }
    out.writeByte(quote);
  }

  private byte[] copy(byte[] b, int at, int n) {
    if (scratch.length < n) scratch = new byte[Math.max(n, scratch.length * 2)];
    System.arraycopy(b, at, scratch, 0, n);
    return scratch;
  }
}
