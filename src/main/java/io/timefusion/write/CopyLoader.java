package io.timefusion.write;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.ColumnType;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of one {@code COPY ... FROM STDIN}, field by field, into Arrow batches of the table's
 * full schema (absent columns null, {@code date} derived from {@code timestamp}), with the same
 * input functions and checks as INSERT. A batch is cut every {@link #BATCH_ROWS} rows or {@link
 * #BATCH_BYTES} of field data, so no vector grows without bound; {@link #commit} hands all of
 * them to {@link Ingest} as one WAL record, so a COPY is stored whole or not at all, and only
 * once it is durable.
 *
 * <p>Errors are thrown without position (the caller knows the line and column); nothing is
 * stored until {@link #commit}, and {@link #close} frees whatever was not.
 */
public final class CopyLoader implements AutoCloseable {
  static final int BATCH_ROWS = 16_384;
  static final long BATCH_BYTES = 16L << 20;
  private static final int FIRST_CAPACITY = 256;

  private final TableSchema table;
  private final Ingest ingest;
  private final BufferAllocator allocator;
  private final long maxBytes;
  /** Per field (COPY order): its table column and type. */
  private final int[] columns;
  private final ColumnType[] types;
  private final boolean[] written;
  /** Table columns a row may not leave null ({@code date} is derived, so not among them). */
  private final int[] required;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private BatchBuilder batch;
  private final FieldVector[] vectors;
  private int row;
  private long batchFieldBytes;
  private long storedBytes;
  private long rows;
  private char[] chars = new char[64];
  private int charCount;
  private final Shape shape;
  private int largestRows;
  private double[] largestBytesPerValue;

  /**
   * The largest batch of the last COPY into a table, so the first batch of the next COPY is
   * allocated at about its final size instead of growing (and copying) from a few rows: Arrow
   * buffers that grow are reallocated, and freeing the large ones is not cheap. Shared by the
   * COPYs of a table; a stale or racing value only costs a reallocation.
   */
  public static final class Shape {
    private volatile int rows = FIRST_CAPACITY;
    /** Per table column, the text bytes per row. */
    private volatile double[] bytesPerValue;
  }

  /**
   * @param columns the table columns the COPY fills, in COPY order
   * @param maxBytes the most Arrow memory one COPY may hold before it is committed
   */
  public CopyLoader(TableSchema table, int[] columns, Ingest ingest, BufferAllocator allocator, long maxBytes) {
    this(table, columns, ingest, allocator, maxBytes, new Shape());
  }

  /** @param shape what earlier COPYs into the table looked like, updated by this one */
  public CopyLoader(
      TableSchema table, int[] columns, Ingest ingest, BufferAllocator allocator, long maxBytes, Shape shape) {
    this.table = table;
    this.shape = shape;
    this.ingest = ingest;
    this.allocator = allocator;
    this.maxBytes = maxBytes;
    this.columns = columns.clone();
    this.types = new ColumnType[columns.length];
    this.written = new boolean[table.columns().size()];
    for (int i = 0; i < columns.length; i++) {
      types[i] = table.column(columns[i]).type();
      written[columns[i]] = true;
    }
    boolean dateDerived = table.indexOf("timestamp") >= 0;
    List<Integer> req = new ArrayList<>();
    for (int c = 0; c < table.columns().size(); c++) {
      ColumnDef def = table.column(c);
      if (!def.nullable() && !(dateDerived && def.name().equals("date"))) req.add(c);
    }
    this.required = req.stream().mapToInt(Integer::intValue).toArray();
    this.vectors = new FieldVector[columns.length];
    newBatch(shape.rows, shape.bytesPerValue);
  }

  public long rows() {
    return rows;
  }

  /** One field of the current row as text: the column type's input function reads it. */
  public void text(int field, byte[] b, int off, int len) {
    int r = row;
    try {
      switch (types[field]) {
        case TEXT -> {
          checkUtf8(b, off, len);
          ((VarCharVector) vectors[field]).setSafe(r, b, off, len);
        }
        case JSON -> {
          checkUtf8(b, off, len);
          validateJson(b, off, len);
          ((VarCharVector) vectors[field]).setSafe(r, b, off, len);
        }
        case INT4 -> ((IntVector) vectors[field]).setSafe(r, (int) TextInput.parseInt(chars(b, off, len), 0, charCount, true));
        case INT8 -> ((BigIntVector) vectors[field]).setSafe(r, TextInput.parseInt(chars(b, off, len), 0, charCount, false));
        case FLOAT8 -> ((Float8Vector) vectors[field]).setSafe(r, TextInput.parseFloat8(chars(b, off, len), 0, charCount));
        case BOOL -> ((BitVector) vectors[field]).setSafe(r, TextInput.parseBool(chars(b, off, len), 0, charCount) ? 1 : 0);
        case DATE -> ((DateDayVector) vectors[field]).setSafe(r, TextInput.parseDate(chars(b, off, len), 0, charCount));
        case TIMESTAMPTZ ->
            ((TimeStampMicroTZVector) vectors[field]).setSafe(r, TextInput.parseTimestamp(chars(b, off, len), 0, charCount, true));
        case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> {
          checkUtf8(b, off, len);
          List<String> raw = TextInput.parseArray(chars(b, off, len), 0, charCount);
          List<Object> elements = new ArrayList<>(raw.size());
          ColumnType element = types[field].element();
          for (String e : raw) elements.add(e == null ? null : Coercion.element(e, element));
          batch.setList(columns[field], r, elements);
        }
      }
    } catch (ValueException e) {
      throw e.plain();
    }
    batchFieldBytes += len;
  }

  /** One field as a value of the column's type (binary COPY), with INSERT's assignment cast. */
  public void value(int field, Object value) {
    try {
      batch.put(columns[field], row, value);
    } catch (ValueException e) {
      throw e.plain();
    } catch (ArithmeticException e) {
      throw new PgException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
    }
    batchFieldBytes += 8;
  }

  /** Ends the current row (fields not given are null) after checking its NOT NULL columns. */
  public void endRow() {
    for (int c : required) {
      FieldVector v = batch.vector(c);
      if (row >= v.getValueCapacity() || v.isNull(row)) {
        throw new PgException(
            SqlState.NOT_NULL_VIOLATION,
            "null value in column \"" + table.column(c).name() + "\" of relation \"" + table.name()
                + "\" violates not-null constraint");
      }
    }
    row++;
    rows++;
    if (row >= BATCH_ROWS || batchFieldBytes >= BATCH_BYTES) cut(true);
  }

  /** Logs every row (one WAL record) and makes them visible; returns the row count. */
  public long commit() {
    if (row > 0) cut(false);
    if (largestRows > 0) {
      shape.bytesPerValue = largestBytesPerValue;
      shape.rows = Math.max(largestRows, FIRST_CAPACITY);
    }
    if (batches.isEmpty()) return 0;
    return ingest.insert(table.name(), batches);
  }

  /** Finishes the current batch and, when more rows may come, starts the next one like it. */
  private void cut(boolean more) {
    int n = row;
    VectorSchemaRoot done = batch.finish(n);
    batch = null;
    batches.add(done);
    List<FieldVector> fields = done.getFieldVectors();
    double[] bytesPerValue = new double[fields.size()];
    for (int c = 0; c < fields.size(); c++) {
      FieldVector v = fields.get(c);
      storedBytes += v.getBufferSize();
      if (v instanceof BaseVariableWidthVector vw && n > 0) bytesPerValue[c] = vw.sizeOfValueBuffer() * 1.05 / n;
    }
    if (n > largestRows) {
      largestRows = n;
      largestBytesPerValue = bytesPerValue;
    }
    if (storedBytes > maxBytes) {
      throw new PgException(
          SqlState.PROGRAM_LIMIT_EXCEEDED,
          "COPY is too large: its rows take more than " + (maxBytes >> 20) + " MB in memory, the most one COPY may hold",
          "A COPY is stored all or nothing, so it is held in memory until its end.",
          "Split the data into several COPY commands, or raise TIMEFUSION_BUFFER_MAX_MEMORY_MB (one COPY may hold twice that).",
          null);
    }
    if (more) newBatch(n, bytesPerValue);
  }

  private void newBatch(int capacity, double[] bytesPerValue) {
    row = 0;
    batchFieldBytes = 0;
    batch = new BatchBuilder(table, capacity, written, bytesPerValue, allocator);
    for (int i = 0; i < columns.length; i++) vectors[i] = batch.vector(columns[i]);
  }

  /** Frees every batch not handed over; after {@link #commit} the caller still closes. */
  @Override
  public void close() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
    for (VectorSchemaRoot b : batches) b.close();
    batches.clear();
  }

  // ---- text helpers ----

  /** The field as characters in {@link #chars} ({@link #charCount} of them). */
  private char[] chars(byte[] b, int off, int len) {
    if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
    char[] c = chars;
    for (int i = 0; i < len; i++) {
      byte x = b[off + i];
      if (x < 0) return decoded(b, off, len);
      c[i] = (char) x;
    }
    charCount = len;
    return c;
  }

  private char[] decoded(byte[] b, int off, int len) {
    char[] c = new String(b, off, len, StandardCharsets.UTF_8).toCharArray();
    charCount = c.length;
    return c;
  }

  /**
   * JSON is checked over the bytes widened to characters: the grammar is ASCII, and any byte of
   * a multi-byte character is a plain string character to it. Only the message of an error needs
   * the real characters.
   */
  private void validateJson(byte[] b, int off, int len) {
    if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
    char[] c = chars;
    for (int i = 0; i < len; i++) c[i] = (char) (b[off + i] & 0xFF);
    try {
      TextInput.validateJson(c, 0, len);
    } catch (ValueException e) {
      char[] real = decoded(b, off, len);
      TextInput.validateJson(real, 0, real.length);
      throw e;
    }
  }

  /** PostgreSQL refuses text that is not UTF-8, and the NUL character, with 22021. */
  static void checkUtf8(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int x = b[i];
      if (x > 0) {
        i++;
        continue;
      }
      int n;
      int cp;
      if (x == 0) {
        throw badUtf8(b, i, 1, end);
      } else if ((x & 0xE0) == 0xC0) {
        n = 2;
        cp = x & 0x1F;
      } else if ((x & 0xF0) == 0xE0) {
        n = 3;
        cp = x & 0x0F;
      } else if ((x & 0xF8) == 0xF0) {
        n = 4;
        cp = x & 0x07;
      } else {
        throw badUtf8(b, i, 1, end);
      }
      if (i + n > end) throw badUtf8(b, i, n, end);
      for (int k = 1; k < n; k++) {
        int y = b[i + k];
        if ((y & 0xC0) != 0x80) throw badUtf8(b, i, n, end);
        cp = (cp << 6) | (y & 0x3F);
      }
      boolean overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
      if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) throw badUtf8(b, i, n, end);
      i += n;
    }
  }

  private static PgException badUtf8(byte[] b, int at, int n, int end) {
    StringBuilder s = new StringBuilder();
    for (int k = at; k < Math.min(at + n, end); k++) {
      if (k > at) s.append(' ');
      s.append(String.format("0x%02x", b[k] & 0xFF));
    }
    return new PgException(SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": " + s);
  }
}
