package io.timefusion.write;

import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Presents in-memory batches as an {@link ArrowReader}, the shape DuckDB consumes through the
 * Arrow C stream interface. Buffers are shared, not copied; the caller keeps owning the batches.
 */
final class ArrowBatchReader extends ArrowReader {
  private final Schema schema;
  private final Iterator<VectorSchemaRoot> batches;

  ArrowBatchReader(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches) {
    super(allocator);
    this.schema = schema;
    this.batches = batches.iterator();
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    if (!batches.hasNext()) return false;
    VectorSchemaRoot src = batches.next();
    try (ArrowRecordBatch rb = new VectorUnloader(src).getRecordBatch()) {
      new VectorLoader(getVectorSchemaRoot()).load(rb);
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
