package io.timefusion.sql;

/** Opens SQL sessions; the wire protocol asks for one per client connection. */
public interface SqlEngine {
  SqlSession openSession(SessionStartup startup);
}
