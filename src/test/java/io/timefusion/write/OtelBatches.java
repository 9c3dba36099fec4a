package io.timefusion.write;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** Batches of the real otel_logs_and_spans schema whose content is a function of a key. */
final class OtelBatches {
  static final TableSchema SCHEMA = SchemaRegistry.load().table("otel_logs_and_spans").orElseThrow();
  static final String TABLE = SCHEMA.name();

  private OtelBatches() {}

  /** 1 to 16 rows, chosen by the key. */
  static int rowsFor(String key) {
    return 1 + (key.hashCode() & 15);
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, String key) {
    return batch(allocator, key, rowsFor(key));
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, String key, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA.arrowSchema(), allocator);
    root.allocateNew();
    VarCharVector project = (VarCharVector) root.getVector("project_id");
    DateDayVector date = (DateDayVector) root.getVector("date");
    TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("timestamp");
    VarCharVector id = (VarCharVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    ListVector hashes = (ListVector) root.getVector("hashes");
    VarCharVector hashValues = (VarCharVector) hashes.getDataVector();
    BigIntVector duration = (BigIntVector) root.getVector("duration");
    IntVector status = (IntVector) root.getVector("attributes___http___response___status_code");
    for (int i = 0; i < rows; i++) {
      project.setSafe(i, utf8("project-" + (key.length() % 3)));
      date.setSafe(i, 19_700 + i);
      ts.setSafe(i, 1_700_000_000_000_000L + i * 1_000L + key.hashCode());
      id.setSafe(i, utf8(key + "/" + i));
      if (i % 4 != 3) name.setSafe(i, utf8("span " + key));
      int offset = hashes.startNewValue(i);
      int n = i % 3;
      for (int j = 0; j < n; j++) hashValues.setSafe(offset + j, utf8("h" + j + ":" + key));
      hashes.endValue(i, n);
      duration.setSafe(i, (long) i * 1_000_003L);
      if (i % 2 == 0) status.setSafe(i, 200 + i);
    }
    root.setRowCount(rows);
    return root;
  }

  /** The content of a root as text, to compare a replayed batch with the one appended. */
  static String content(VectorSchemaRoot root) {
    return root.getSchema() + "\n" + root.contentToTSVString();
  }

  static String expectedContent(BufferAllocator allocator, String key) {
    try (VectorSchemaRoot r = batch(allocator, key)) {
      return content(r);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
