package io.timefusion.pgwire.types;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A one-dimensional array of an element type, carried as java.util.List. Text is {@code
 * {a,b,"c d",NULL}} with PostgreSQL's quoting; binary is PostgreSQL's array format.
 */
public final class ArrayType extends PgType {
  private final PgType element;

  ArrayType(PgType element) {
    super(element.name() + "[]", element.arrayOid(), 0, -1);
    this.element = element;
  }

  public PgType element() {
    return element;
  }

  private static List<?> list(Object value) {
    if (value instanceof List<?> l) {
      return l;
    }
    if (value instanceof Object[] a) {
      return Arrays.asList(a);
    }
    if (value instanceof java.sql.Array a) {
      try {
        return list(a.getArray());
      } catch (java.sql.SQLException e) {
        throw new PgException(SqlState.INTERNAL_ERROR, e.getMessage(), e);
      }
    }
    if (value != null && value.getClass().isArray()) {
      int n = java.lang.reflect.Array.getLength(value);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(java.lang.reflect.Array.get(value, i));
      }
      return out;
    }
    throw new PgException(SqlState.DATATYPE_MISMATCH, "not an array value: " + value);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeByte('{');
    boolean first = true;
    for (Object v : list(value)) {
      if (!first) {
        out.writeByte(',');
      }
      first = false;
      if (v == null) {
        out.writeUtf8("NULL");
        continue;
      }
      int start = out.size();
      element.writeText(v, out);
      if (needsQuotes(out.array(), start, out.size() - start)) {
        byte[] raw = Arrays.copyOfRange(out.array(), start, out.size());
        out.truncate(start);
        writeQuoted(raw, out);
      }
    }
    out.writeByte('}');
  }

  private static boolean needsQuotes(byte[] b, int off, int n) {
    if (n == 0) {
      return true;
    }
    if (n == 4 && (b[off] | 0x20) == 'n' && (b[off + 1] | 0x20) == 'u' && (b[off + 2] | 0x20) == 'l'
        && (b[off + 3] | 0x20) == 'l') {
      return true;
    }
    for (int i = off; i < off + n; i++) {
      switch (b[i]) {
        case '"', '\\', '{', '}', ',', ' ', '\t', '\n', '\r', 0x0b, '\f' -> {
          return true;
        }
        default -> {}
      }
    }
    return false;
  }

  private static void writeQuoted(byte[] b, WireBuffer out) {
    out.writeByte('"');
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '"' || b[i] == '\\') {
        out.writeByte('\\');
      }
      out.writeByte(b[i]);
    }
    out.writeByte('"');
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    List<?> values = list(value);
    boolean hasNull = values.contains(null);
    out.writeInt(values.isEmpty() ? 0 : 1).writeInt(hasNull ? 1 : 0).writeInt(element.oid());
    if (values.isEmpty()) {
      return;
    }
    out.writeInt(values.size()).writeInt(1);
    for (Object v : values) {
      if (v == null) {
        out.writeInt(-1);
        continue;
      }
      int lengthAt = out.size();
      out.writeInt(0);
      element.writeBinary(v, out);
      out.putInt(lengthAt, out.size() - lengthAt - 4);
    }
  }

  @Override
  public Object readText(String text) {
    String s = text.strip();
    int i = 0;
    if (s.startsWith("[")) {
      i = s.indexOf('=');
      if (i < 0) {
        throw invalidText(text);
      }
      i++;
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
    if (i >= s.length() || s.charAt(i) != '{' || !s.endsWith("}")) {
      throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
    }
    List<Object> out = new ArrayList<>();
    int end = s.length() - 1;
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      while (i < end && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i == end) {
        if (!out.isEmpty()) {
          throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
        }
        return out;
      }
      sb.setLength(0);
      boolean quoted = false;
      char c = s.charAt(i);
      if (c == '{') {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported");
      }
      if (c == '"') {
        quoted = true;
        i++;
        while (i < end && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < end) {
            i++;
          }
          sb.append(s.charAt(i++));
        }
        if (i >= end) {
          throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
        }
        i++;
        while (i < end && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
      } else {
        int lastNonSpace = 0;
        while (i < end && s.charAt(i) != ',') {
          char ch = s.charAt(i);
          if (ch == '"' || ch == '{' || ch == '}') {
            throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
          }
          if (ch == '\\' && i + 1 < end) {
            sb.append(s.charAt(++i));
            lastNonSpace = sb.length();
          } else {
            sb.append(ch);
            if (!Character.isWhitespace(ch)) {
              lastNonSpace = sb.length();
            }
          }
          i++;
        }
        sb.setLength(lastNonSpace);
      }
      String item = sb.toString();
      out.add(!quoted && item.equalsIgnoreCase("NULL") ? null : element.readText(item));
      if (i == end) {
        return out;
      }
      if (s.charAt(i) != ',') {
        throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
      }
      i++;
    }
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    if (len < 12) {
      requireLength(len, 12);
    }
    int ndim = getInt(buf, off);
    PgType elementType = PgTypes.byOid(getInt(buf, off + 8));
    if (elementType == null) {
      elementType = element;
    }
    if (ndim == 0) {
      return new ArrayList<>();
    }
    if (ndim != 1) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported");
    }
    int n = getInt(buf, off + 12);
    int p = off + 20;
    int limit = off + len;
    List<Object> out = new ArrayList<>(Math.max(0, Math.min(n, len)));
    for (int i = 0; i < n; i++) {
      if (p + 4 > limit) {
        throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION, "incorrect binary data format in array");
      }
      int elen = getInt(buf, p);
      p += 4;
      if (elen < 0) {
        out.add(null);
        continue;
      }
      if (p + elen > limit) {
        throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION, "incorrect binary data format in array");
      }
      out.add(elementType.readBinary(buf, p, elen));
      p += elen;
    }
    return out;
  }
}
