package io.timefusion.write;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.ColumnType;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.complex.ListVector;

/**
 * Fills one Arrow batch with a table's full schema: columns nobody writes stay null, {@code date}
 * is derived from {@code timestamp} where absent, and NOT NULL columns are checked at the end. Until
 * {@link #finish()} hands the batch over, {@link #close()} frees every vector.
 */
final class BatchBuilder implements AutoCloseable {
  private final TableSchema table;
  private final VectorSchemaRoot root;
  private final FieldVector[] vectors;
  private int rows;
  private final boolean[] written;
  private boolean finished;

  BatchBuilder(TableSchema table, int rows, boolean[] written, BufferAllocator allocator) {
    this(table, rows, written, null, allocator);
  }

  /**
   * @param rows the rows the batch is sized for (it may grow)
   * @param bytesPerValue for text columns, the expected UTF-8 bytes per value (from an earlier
   *     batch), so their buffers need not grow value by value; null when unknown
   */
  BatchBuilder(TableSchema table, int rows, boolean[] written, double[] bytesPerValue, BufferAllocator allocator) {
    this.table = table;
    this.rows = rows;
    this.written = written;
    this.root = VectorSchemaRoot.create(table.arrowSchema(), allocator);
    try {
      this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      for (int i = 0; i < vectors.length; i++) {
        FieldVector v = vectors[i];
        if (v instanceof BaseVariableWidthVector vw && !written[i]) vw.setInitialCapacity(Math.max(rows, 1), 0.01);
        else if (v instanceof BaseVariableWidthVector vw && bytesPerValue != null) {
          vw.setInitialCapacity(Math.max(rows, 1), Math.max(bytesPerValue[i], 0.01));
        } else v.setInitialCapacity(Math.max(rows, 1));
        v.allocateNew();
      }
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  int rows() {
    return rows;
  }

  FieldVector vector(int column) {
    return vectors[column];
  }

  /** Writes one Java value (a parameter or a typed constant) with the column's assignment cast. */
  void set(int column, int row, Object value) {
    ColumnType type = table.column(column).type();
    try {
      put(column, row, value);
    } catch (ValueException e) {
      throw e.at(table.column(column).name(), type, row + 1);
    } catch (ArithmeticException e) {
      throw new ValueException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range", null)
          .at(table.column(column).name(), type, row + 1);
    }
  }

  /**
   * As {@link #set}, but a value the column cannot take is thrown as it is ({@link
   * ValueException}, or ArithmeticException for a timestamp out of range), for callers that
   * name the position themselves.
   */
  void put(int column, int row, Object value) {
    if (value == null) return;
    ColumnType type = table.column(column).type();
    FieldVector v = vectors[column];
    switch (type) {
      case TEXT -> setText(column, row, Coercion.toText(value));
      case JSON -> setText(column, row, Coercion.toJson(value));
      case BOOL -> ((BitVector) v).setSafe(row, Coercion.toBool(value) ? 1 : 0);
      case INT4 -> ((IntVector) v).setSafe(row, (int) Coercion.toLong(value, true));
      case INT8 -> ((BigIntVector) v).setSafe(row, Coercion.toLong(value, false));
      case FLOAT8 -> ((Float8Vector) v).setSafe(row, Coercion.toDouble(value));
      case DATE -> ((DateDayVector) v).setSafe(row, Coercion.toDate(value));
      case TIMESTAMPTZ -> ((TimeStampMicroTZVector) v).setSafe(row, Coercion.toMicros(value));
      case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> setList(column, row, Coercion.toList(value, type.element()));
    }
  }

  private void setText(int column, int row, String s) {
    ((VarCharVector) vectors[column]).setSafe(row, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes one array value whose elements are already Long, Double or String (or null). */
  void setList(int column, int row, List<?> elements) {
    ListVector lv = (ListVector) vectors[column];
    FieldVector child = lv.getDataVector();
    int offset = lv.startNewValue(row);
    int n = elements.size();
    for (int k = 0; k < n; k++) {
      Object e = elements.get(k);
      int i = offset + k;
      if (e == null) {
        setChildNull(child, i);
      } else if (child instanceof VarCharVector vc) {
        vc.setSafe(i, ((String) e).getBytes(StandardCharsets.UTF_8));
      } else if (child instanceof BigIntVector bi) {
        bi.setSafe(i, (Long) e);
      } else {
        ((Float8Vector) child).setSafe(i, (Double) e);
      }
    }
    lv.endValue(row, n);
  }

  private static void setChildNull(FieldVector child, int i) {
    if (child instanceof VarCharVector vc) vc.setNull(i);
    else if (child instanceof BigIntVector bi) bi.setNull(i);
    else ((Float8Vector) child).setNull(i);
  }

  /** Completes a batch filled row by row that holds {@code rowCount} rows; see {@link #finish()}. */
  VectorSchemaRoot finish(int rowCount) {
    rows = rowCount;
    return finish();
  }

  /**
   * Completes the batch: value counts, derived {@code date}, NOT NULL checks. The caller owns the
   * returned root.
   */
  VectorSchemaRoot finish() {
    for (int c = 0; c < vectors.length; c++) {
      FieldVector v = vectors[c];
      // offsets of a fresh vector are zero: an all-null column needs no per-row hole filling
      if (!written[c] && rows > 0) {
        if (v instanceof BaseVariableWidthVector vw) vw.setLastSet(rows - 1);
        else if (v instanceof ListVector lv) lv.setLastSet(rows - 1);
      }
      v.setValueCount(rows);
    }
    deriveDate();
    int date = table.indexOf("date");
    for (int i = 0; i <= vectors.length; i++) {
      // a missing date is reported after the timestamp it is derived from
      int c = i < vectors.length ? i : date;
      if (c < 0 || (c == date && i < vectors.length)) continue;
      ColumnDef def = table.column(c);
      if (!def.nullable() && vectors[c].getNullCount() > 0) {
        throw new PgException(
            SqlState.NOT_NULL_VIOLATION,
            "null value in column \"" + def.name() + "\" of relation \"" + table.name() + "\" violates not-null constraint",
            "Failing row is row " + (firstNull(vectors[c]) + 1) + ".",
            null,
            null);
      }
    }
    root.setRowCount(rows);
    finished = true;
    return root;
  }

  /** A missing {@code date} is the UTC day of {@code timestamp}. */
  private void deriveDate() {
    int d = table.indexOf("date");
    int t = table.indexOf("timestamp");
    if (d < 0 || t < 0 || table.column(d).type() != ColumnType.DATE || table.column(t).type() != ColumnType.TIMESTAMPTZ) return;
    DateDayVector date = (DateDayVector) vectors[d];
    TimeStampMicroTZVector ts = (TimeStampMicroTZVector) vectors[t];
    if (date.getNullCount() == 0) return;
    for (int r = 0; r < rows; r++) {
      if (date.isNull(r) && !ts.isNull(r)) date.set(r, (int) Math.floorDiv(ts.get(r), TextInput.MICROS_PER_DAY));
    }
  }

  private int firstNull(FieldVector v) {
    for (int r = 0; r < rows; r++) if (v.isNull(r)) return r;
    return -1;
  }

  @Override
  public void close() {
    if (!finished) root.close();
  }
}
