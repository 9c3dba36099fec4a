package io.timefusion.pgwire;

import java.util.Objects;

/**
 * Settings of the wire server that have sensible defaults.
 *
 * @param authMethod how clients authenticate
 * @param serverVersion reported as server_version; clients parse the leading number, so it must
 *     look like a PostgreSQL 16 version
 * @param maxConnections sessions served at once; 0 means unlimited, beyond it clients get 53300
 */
public record PgServerOptions(AuthMethod authMethod, String serverVersion, int maxConnections) {
  public static final String DEFAULT_SERVER_VERSION = "16.6 (TimeFusion)";

  public PgServerOptions {
    Objects.requireNonNull(authMethod, "authMethod");
    Objects.requireNonNull(serverVersion, "serverVersion");
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must be >= 0: " + maxConnections);
    }
  }

  public static PgServerOptions defaults() {
    return new PgServerOptions(AuthMethod.MD5, DEFAULT_SERVER_VERSION, 0);
  }

  public PgServerOptions withAuthMethod(AuthMethod method) {
    return new PgServerOptions(method, serverVersion, maxConnections);
  }

  public PgServerOptions withServerVersion(String version) {
    return new PgServerOptions(authMethod, version, maxConnections);
  }

  public PgServerOptions withMaxConnections(int max) {
    return new PgServerOptions(authMethod, serverVersion, max);
  }
}
