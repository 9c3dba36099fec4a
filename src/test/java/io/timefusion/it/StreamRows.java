package io.timefusion.it;

import java.io.Reader;
import java.sql.Connection;
import java.time.LocalDateTime;
import org.postgresql.PGConnection;

/**
 * Rows of otel_logs_and_spans for the streaming tests, loaded with COPY as CSV produced while
 * the server reads it: row {@code n} has id "&lt;project&gt;-&lt;n&gt;", name "span &lt;n&gt;" and duration n.
 */
final class StreamRows {
  static final String COLUMNS = "project_id, timestamp, id, name, duration";
  private static final LocalDateTime BASE = LocalDateTime.of(2025, 1, 17, 0, 0);

  private StreamRows() {}

  /** Copies rows {@code from} to {@code from + count - 1} of {@code project}. */
  static long copy(Connection c, String project, long from, long count) throws Exception {
    return c.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY otel_logs_and_spans (" + COLUMNS + ") FROM STDIN (FORMAT csv)", csv(project, from, count));
  }

  /** The row number in an id this class wrote. */
  static long number(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  private static String line(String project, long n) {
    // three days, so the rows fall into three date partitions
    LocalDateTime ts = BASE.plusDays(n % 3).plusNanos(n * 1_000_000L);
    return project + "," + ts + "+00," + project + "-" + n + ",span " + n + "," + n + "\n";
  }

  private static Reader csv(String project, long from, long count) {
    return new Reader() {
      private long next = from;
      private char[] chunk = new char[0];
      private int at;

      @Override
      public int read(char[] out, int off, int len) {
        if (at == chunk.length) {
          if (next >= from + count) return -1;
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < 10_000 && next < from + count; i++) sb.append(line(project, next++));
          chunk = sb.toString().toCharArray();
          at = 0;
        }
        int n = Math.min(len, chunk.length - at);
        System.arraycopy(chunk, at, out, off, n);
        at += n;
        return n;
      }

      @Override
      public void close() {}
    };
  }
}
