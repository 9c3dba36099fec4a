package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.write.CopyLoader;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A COPY FROM STDIN into a table: the fields go straight into the write path's {@link CopyLoader}. */
final class TableCopyIn implements CopyIn {
  private final String table;
  private final List<ResultColumn> targets;
  private final CopyOptions options;
  private final CopyLoader loader;
  private final BooleanSupplier cancelled;
  private String tag = "COPY 0";

  TableCopyIn(String table, List<ResultColumn> targets, CopyOptions options, CopyLoader loader, BooleanSupplier cancelled) {
    this.table = table;
    this.targets = targets;
    this.options = options;
    this.loader = loader;
    this.cancelled = cancelled;
  }

  @Override
  public CopyOptions options() {
    return options;
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public List<ResultColumn> targetColumns() {
    return targets;
  }

  @Override
  public void text(int field, byte[] buf, int off, int len) {
    loader.text(field, buf, off, len);
  }

  @Override
  public void value(int field, Object value) {
    loader.value(field, value);
  }

  @Override
  public void endRow() {
    if (cancelled.getAsBoolean()) throw new PgException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    loader.endRow();
  }

  @Override
  public long finish() {
    if (cancelled.getAsBoolean()) throw new PgException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    long n = loader.commit();
    tag = "COPY " + n;
    return n;
  }

  @Override
  public List<ResultColumn> columns() {
    return List.of();
  }

  @Override
  public boolean next() {
    return false;
  }

  @Override
  public Object get(int i) {
    throw new IllegalStateException("a COPY FROM returns no rows");
  }

  @Override
  public String commandTag() {
    return tag;
  }

  @Override
  public void close() {
    loader.close();
  }
}
