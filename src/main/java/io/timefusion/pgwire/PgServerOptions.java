package io.timefusion.pgwire;

import java.util.Objects;

/**
 * Settings of the wire server that have sensible defaults.
 *
 * @param authMethod how clients authenticate
 * @param serverVersion reported as server_version; clients parse the leading number, so it must
 *     look like a PostgreSQL 16 version
 * @param maxConnections sessions served at once; 0 means unlimited, beyond it clients get 53300
 * @param tls the certificate and key for SSLRequest, or null to answer 'N' (no TLS)
 * @param tlsRequired refuse clients that did not switch to TLS (28000)
 * @param maxStatementMillis longest a statement may run before it is canceled (57014); 0 means no
 *     limit; a session's smaller statement_timeout wins
 */
public record PgServerOptions(
    AuthMethod authMethod,
    String serverVersion,
    int maxConnections,
    ServerTls tls,
    boolean tlsRequired,
    long maxStatementMillis) {
  public static final String DEFAULT_SERVER_VERSION = "16.6 (TimeFusion)";

  public PgServerOptions {
    Objects.requireNonNull(authMethod, "authMethod");
    Objects.requireNonNull(serverVersion, "serverVersion");
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must be >= 0: " + maxConnections);
    }
    if (tlsRequired && tls == null) {
      throw new IllegalArgumentException("TLS cannot be required without a certificate");
    }
    if (maxStatementMillis < 0) {
      throw new IllegalArgumentException("maxStatementMillis must be >= 0: " + maxStatementMillis);
    }
  }

  public static PgServerOptions defaults() {
    return new PgServerOptions(AuthMethod.SCRAM_SHA_256, DEFAULT_SERVER_VERSION, 0, null, false, 0);
  }

  public PgServerOptions withAuthMethod(AuthMethod method) {
    return new PgServerOptions(method, serverVersion, maxConnections, tls, tlsRequired, maxStatementMillis);
  }

  public PgServerOptions withServerVersion(String version) {
    return new PgServerOptions(authMethod, version, maxConnections, tls, tlsRequired, maxStatementMillis);
  }

  public PgServerOptions withMaxConnections(int max) {
    return new PgServerOptions(authMethod, serverVersion, max, tls, tlsRequired, maxStatementMillis);
  }

  /** TLS with this identity; {@code required} refuses plain connections. */
  public PgServerOptions withTls(ServerTls identity, boolean required) {
    return new PgServerOptions(authMethod, serverVersion, maxConnections, identity, required, maxStatementMillis);
  }

  public PgServerOptions withMaxStatementMillis(long millis) {
    return new PgServerOptions(authMethod, serverVersion, maxConnections, tls, tlsRequired, millis);
  }
}
