package io.timefusion.write;

import io.timefusion.catalog.ColumnType;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * One target column of an {@code INSERT ... VALUES}: its constants already converted to the column
 * type at parse time (text as UTF-8 in one buffer, numbers and times as primitives) and the
 * positions of its parameters, so a prepared statement binds without re-parsing or boxing.
 */
final class ColumnValues {
  private static final byte NULL = 0;
  private static final byte CONST = 1;
  private static final byte PARAM = 2;

  final int column;
  final String name;
  final ColumnType type;
  private byte[] kinds = new byte[16];
  private int size;
  private long[] longs; // int4, int8, bool (0/1), date (days), timestamptz (micros)
  private double[] doubles;
  private byte[] text; // text, json: UTF-8 of all rows back to back
  private int textLength;
  private int[] textEnd; // textEnd[r] = end of row r in text; a row starts where the previous ended
  private Object[] lists;
  private int[] params;

  ColumnValues(int column, String name, ColumnType type) {
    this.column = column;
    this.name = name;
    this.type = type;
    switch (type) {
      case TEXT, JSON -> {
        text = new byte[256];
        textEnd = new int[16];
      }
      case FLOAT8 -> doubles = new double[16];
      case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> lists = new Object[16];
      default -> longs = new long[16];
    }
  }

  int size() {
    return size;
  }

  /** Sizes the store for about {@code rows} rows, as estimated from the first one. */
  void reserve(int rows) {
    if (rows <= kinds.length) return;
    kinds = Arrays.copyOf(kinds, rows);
    if (longs != null) longs = Arrays.copyOf(longs, rows);
    if (doubles != null) doubles = Arrays.copyOf(doubles, rows);
    if (textEnd != null) {
      textEnd = Arrays.copyOf(textEnd, rows);
      long bytes = (long) Math.max(textLength, 16) * rows * 9 / 8;
      if (bytes > text.length && bytes < Integer.MAX_VALUE / 2) text = Arrays.copyOf(text, (int) bytes);
    }
    if (lists != null) lists = Arrays.copyOf(lists, rows);
    if (params != null) params = Arrays.copyOf(params, rows);
  }

  private int grow() {
    if (size == kinds.length) {
      int n = size + (size >> 1) + 16;
      kinds = Arrays.copyOf(kinds, n);
      if (longs != null) longs = Arrays.copyOf(longs, n);
      if (doubles != null) doubles = Arrays.copyOf(doubles, n);
      if (textEnd != null) textEnd = Arrays.copyOf(textEnd, n);
      if (lists != null) lists = Arrays.copyOf(lists, n);
      if (params != null) params = Arrays.copyOf(params, n);
    }
    if (textEnd != null) textEnd[size] = textLength;
    return size;
  }

  void appendNull() {
    int r = grow(); // grow() may replace kinds: index the new array
    kinds[r] = NULL;
    size++;
  }

  void appendParam(int index) {
    int r = grow();
    if (params == null) params = new int[kinds.length];
    params[r] = index;
    kinds[r] = PARAM;
    size++;
  }

  /** A string literal of unknown type: the column type's input function reads it. */
  void appendString(char[] s, int from, int to, boolean plain, SqlLexer lexer, int flags) {
    if (!plain) {
      char[] v = lexer.stringValue(from, to, flags).toCharArray();
      appendString(v, 0, v.length, true, lexer, 0);
      return;
    }
    int r = grow();
    try {
      switch (type) {
        case TEXT -> appendUtf8(s, from, to);
        case JSON -> {
          TextInput.validateJson(s, from, to);
          appendUtf8(s, from, to);
        }
        case INT4 -> longs[r] = TextInput.parseInt(s, from, to, true);
        case INT8 -> longs[r] = TextInput.parseInt(s, from, to, false);
        case FLOAT8 -> doubles[r] = TextInput.parseFloat8(s, from, to);
        case BOOL -> longs[r] = TextInput.parseBool(s, from, to) ? 1 : 0;
        case DATE -> longs[r] = TextInput.parseDate(s, from, to);
        case TIMESTAMPTZ -> longs[r] = TextInput.parseTimestamp(s, from, to, true);
        case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> {
          List<String> raw = TextInput.parseArray(s, from, to);
          List<Object> out = new ArrayList<>(raw.size());
          for (String e : raw) out.add(e == null ? null : Coercion.element(e, type.element()));
          lists[r] = out;
        }
      }
    } catch (ValueException e) {
      throw e.at(name, type, r + 1);
    }
    kinds[r] = CONST;
    size++;
  }

  /** A numeric literal (with its sign) in s[from, to). */
  void appendNumber(char[] s, int from, int to, boolean decimal) {
    int r = grow();
    try {
      switch (type) {
        case INT4, INT8 -> {
          boolean int4 = type == ColumnType.INT4;
          longs[r] = decimal ? Coercion.toLong(new BigDecimal(s, from, to - from), int4) : TextInput.parseInt(s, from, to, int4);
        }
        case FLOAT8 -> doubles[r] = TextInput.parseFloat8(s, from, to);
        case TEXT -> appendUtf8(s, from, to);
        default -> throw ValueException.mismatch(decimal ? "numeric" : (to - from > 10 ? "bigint" : "integer"));
      }
    } catch (ValueException e) {
      throw e.at(name, type, r + 1);
    }
    kinds[r] = CONST;
    size++;
  }

  /** A typed constant (after a cast, ARRAY[...], TRUE/FALSE, ...) with the assignment cast applied. */
  void appendConst(Object v) {
    if (v == null) {
      appendNull();
      return;
    }
    int r = grow();
    try {
      switch (type) {
        case TEXT -> appendUtf8(Coercion.toText(v));
        case JSON -> appendUtf8(Coercion.toJson(v));
        case INT4 -> longs[r] = Coercion.toLong(v, true);
        case INT8 -> longs[r] = Coercion.toLong(v, false);
        case FLOAT8 -> doubles[r] = Coercion.toDouble(v);
        case BOOL -> longs[r] = Coercion.toBool(v) ? 1 : 0;
        case DATE -> longs[r] = Coercion.toDate(v);
        case TIMESTAMPTZ -> longs[r] = Coercion.toMicros(v);
        case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> lists[r] = Coercion.toList(v, type.element());
      }
    } catch (ValueException e) {
      throw e.at(name, type, r + 1);
    } catch (ArithmeticException e) {
      throw new ValueException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range", null).at(name, type, r + 1);
    }
    kinds[r] = CONST;
    size++;
  }

  private void appendUtf8(String v) {
    char[] c = v.toCharArray();
    appendUtf8(c, 0, c.length);
  }

  private void appendUtf8(char[] s, int from, int to) {
    int need = textLength + (to - from) * 3;
    if (need > text.length) text = Arrays.copyOf(text, Math.max(need, text.length * 2));
    byte[] b = text;
    int n = textLength;
    for (int i = from; i < to; i++) {
      char c = s[i];
      if (c < 0x80) {
        b[n++] = (byte) c;
      } else if (c < 0x800) {
        b[n++] = (byte) (0xC0 | (c >> 6));
        b[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s[i + 1])) {
        int cp = Character.toCodePoint(c, s[++i]);
        b[n++] = (byte) (0xF0 | (cp >> 18));
        b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[n++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        b[n++] = (byte) '?'; // an unpaired surrogate has no UTF-8 form
      } else {
        b[n++] = (byte) (0xE0 | (c >> 12));
        b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    textLength = n;
    textEnd[size] = n;
  }

  /** Whether any row is a parameter. */
  boolean hasParams() {
    return params != null;
  }

  /** Writes all rows into the batch; parameters are read from {@code params}. */
  void writeTo(BatchBuilder b, List<Object> paramValues) {
    int c = column;
    byte[] k = kinds;
    switch (type) {
      case TEXT, JSON -> {
        VarCharVector v = (VarCharVector) b.vector(c);
        if (v.getByteCapacity() < textLength) v.reallocDataBuffer(textLength);
        int start = 0;
        for (int r = 0; r < size; r++) {
          int end = textEnd[r];
          if (k[r] == CONST) v.setSafe(r, text, start, end - start);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
          start = end;
        }
      }
      case INT4 -> {
        IntVector v = (IntVector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, (int) longs[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case INT8 -> {
        BigIntVector v = (BigIntVector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, longs[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case BOOL -> {
        BitVector v = (BitVector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, (int) longs[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case DATE -> {
        DateDayVector v = (DateDayVector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, (int) longs[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case TIMESTAMPTZ -> {
        TimeStampMicroTZVector v = (TimeStampMicroTZVector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, longs[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case FLOAT8 -> {
        Float8Vector v = (Float8Vector) b.vector(c);
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) v.setSafe(r, doubles[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
      case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> {
        for (int r = 0; r < size; r++) {
          if (k[r] == CONST) b.setList(c, r, (List<?>) lists[r]);
          else if (k[r] == PARAM) b.set(c, r, paramValues.get(params[r]));
        }
      }
    }
  }
}
