package io.timefusion.sql;

/**
 * What a client's connection start says about its session: who logged in to which database, the
 * backend process id the client was given (for cancel requests and pg_backend_pid()), and the
 * application name it sent (empty when none).
 */
public record SessionStartup(String user, String database, int processId, String applicationName) {}
