package io.timefusion.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PostgreSQL client program (a psycopg or node-postgres script, pgbench) against a test
 * server. The PG* variables that libpq and node-postgres read point it at the server, and none of
 * the caller's PG* settings leak in. Output goes to files, so a chatty client never blocks on a pipe.
 */
final class ClientProcess {
  private static final long TIMEOUT_SECONDS = 300;

  private ClientProcess() {}

  /** How the program exited and what it printed. */
  record Output(List<String> command, int exit, String stdout, String stderr) {
    /** The whole story, for an assertion message. */
    String describe() {
      return String.join(" ", command) + " exited with " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  /** The connection settings of {@code server} as libpq's environment variables. */
  static Map<String, String> pgEnv(TestServer server) {
    return Map.of(
        "PGHOST", "127.0.0.1",
        "PGPORT", Integer.toString(server.port()),
        "PGUSER", TestServer.USER,
        "PGPASSWORD", TestServer.PASSWORD,
        "PGDATABASE", "postgres",
        "PGCONNECT_TIMEOUT", "20");
  }

  /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment (PG* removed). */
  static Output run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().putAll(env);
    File out = File.createTempFile("client-out", ".txt");
    File err = File.createTempFile("client-err", ".txt");
    try {
      pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s:\n"
            + Files.readString(out.toPath(), StandardCharsets.UTF_8) + Files.readString(err.toPath(), StandardCharsets.UTF_8));
      }
      return new Output(List.of(command), p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      out.delete();
      err.delete();
    }
  }
}
