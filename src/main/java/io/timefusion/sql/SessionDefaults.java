package io.timefusion.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run-time parameters every session starts with: the wire layer reports them to the client
 * (ParameterStatus) and {@code SHOW} answers from them, so both always agree.
 */
public final class SessionDefaults {
  private SessionDefaults() {}

  /** Parameters reported at connection start, in PostgreSQL's order; callers add their own. */
  public static Map<String, String> reported(String serverVersion, String user, String applicationName) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("server_version", serverVersion);
    p.put("server_encoding", "UTF8");
    p.put("client_encoding", "UTF8");
    p.put("DateStyle", "ISO, MDY");
    p.put("TimeZone", "UTC");
    p.put("IntervalStyle", "postgres");
    p.put("integer_datetimes", "on");
    p.put("standard_conforming_strings", "on");
    p.put("application_name", applicationName);
    p.put("is_superuser", "on");
    p.put("session_authorization", user);
    return p;
  }
}
