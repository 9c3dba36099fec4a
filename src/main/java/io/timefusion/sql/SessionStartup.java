package io.timefusion.sql;

import java.net.InetSocketAddress;

/**
 * What a client's connection start says about its session: who logged in to which database, the
 * backend process id the client was given (for cancel requests and pg_backend_pid()), the
 * application name it sent (empty when none), and the server's and the client's end of the
 * connection (inet_server_port(), inet_client_addr(); null when not a TCP connection).
 */
public record SessionStartup(
    String user, String database, int processId, String applicationName, InetSocketAddress server, InetSocketAddress client) {
  public SessionStartup(String user, String database, int processId, String applicationName) {
    this(user, database, processId, applicationName, null, null);
  }
}
