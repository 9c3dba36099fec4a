package io.timefusion.bench;

import java.util.HashMap;
import java.util.Map;

/** Columns of otel_logs_and_spans, in schema order (src/main/resources/schemas/otel_logs_and_spans.yaml). */
final class Columns {
  private Columns() {}

  static final String[][] ALL = {
    {"project_id", "text"},
    {"date", "date"},
    {"timestamp", "timestamptz"},
    {"observed_timestamp", "timestamptz"},
    {"id", "text"},
    {"parent_id", "text"},
    {"hashes", "text[]"},
    {"name", "text"},
    {"kind", "text"},
    {"status_code", "text"},
    {"status_message", "text"},
    {"level", "text"},
    {"severity", "json"},
    {"severity___severity_text", "text"},
    {"severity___severity_number", "int4"},
    {"body", "json"},
    {"duration", "int8"},
    {"start_time", "timestamptz"},
    {"end_time", "timestamptz"},
    {"context", "json"},
    {"context___trace_id", "text"},
    {"context___span_id", "text"},
    {"context___trace_state", "text"},
    {"context___trace_flags", "text"},
    {"context___is_remote", "text"},
    {"events", "json"},
    {"links", "json"},
    {"attributes", "json"},
    {"attributes___client___address", "text"},
    {"attributes___client___port", "int4"},
    {"attributes___server___address", "text"},
    {"attributes___server___port", "int4"},
    {"attributes___network___local__address", "text"},
    {"attributes___network___local__port", "int4"},
    {"attributes___network___peer___address", "text"},
    {"attributes___network___peer__port", "int4"},
    {"attributes___network___protocol___name", "text"},
    {"attributes___network___protocol___version", "text"},
    {"attributes___network___transport", "text"},
    {"attributes___network___type", "text"},
    {"attributes___code___number", "int4"},
    {"attributes___code___file___path", "text"},
    {"attributes___code___function___name", "text"},
    {"attributes___code___line___number", "int4"},
    {"attributes___code___stacktrace", "text"},
    {"attributes___log__record___original", "text"},
    {"attributes___log__record___uid", "text"},
    {"attributes___error___type", "text"},
    {"attributes___exception___type", "text"},
    {"attributes___exception___message", "text"},
    {"attributes___exception___stacktrace", "text"},
    {"attributes___url___fragment", "text"},
    {"attributes___url___full", "text"},
    {"attributes___url___path", "text"},
    {"attributes___url___query", "text"},
    {"attributes___url___scheme", "text"},
    {"attributes___user_agent___original", "text"},
    {"attributes___http___request___method", "text"},
    {"attributes___http___request___method_original", "text"},
    {"attributes___http___response___status_code", "int4"},
    {"attributes___http___request___resend_count", "int4"},
    {"attributes___http___request___body___size", "int8"},
    {"attributes___session___id", "text"},
    {"attributes___session___previous___id", "text"},
    {"attributes___db___system___name", "text"},
    {"attributes___db___collection___name", "text"},
    {"attributes___db___namespace", "text"},
    {"attributes___db___operation___name", "text"},
    {"attributes___db___response___status_code", "text"},
    {"attributes___db___operation___batch___size", "int4"},
    {"attributes___db___query___summary", "text"},
    {"attributes___db___query___text", "text"},
    {"attributes___user___id", "text"},
    {"attributes___user___email", "text"},
    {"attributes___user___full_name", "text"},
    {"attributes___user___name", "text"},
    {"attributes___user___hash", "text"},
    {"resource", "json"},
    {"resource___service___name", "text"},
    {"resource___service___version", "text"},
    {"resource___service___instance___id", "text"},
    {"resource___service___namespace", "text"},
    {"resource___deployment___environment___name", "text"},
    {"resource___host___name", "text"},
    {"resource___telemetry___sdk___language", "text"},
    {"resource___telemetry___sdk___name", "text"},
    {"resource___telemetry___sdk___version", "text"},
    {"resource___user_agent___original", "text"},
    {"summary", "text[]"},
    {"errors", "json"},
    {"message_size_bytes", "int8"},
  };

  static final int COUNT = ALL.length;
  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    for (int i = 0; i < ALL.length; i++) INDEX.put(ALL[i][0], i);
  }

  static int idx(String name) {
    Integer i = INDEX.get(name);
    if (i == null) throw new IllegalArgumentException("no such column: " + name);
    return i;
  }

  static String name(int i) { return ALL[i][0]; }

  static String type(int i) { return ALL[i][1]; }
}
