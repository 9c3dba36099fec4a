package io.timefusion.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Debian's psql against a test server: {@code psql -X -A -t <args> <url>}, with no PG* variables around. */
final class Psql {
  private static final long TIMEOUT_SECONDS = 90;

  private Psql() {}

  /** What psql printed and how it exited (0 ok, 1 an SQL error, 2 a connection failure). */
  record Output(int exit, String stdout, String stderr) {}

  /** psql connecting as TestServer.USER with {@code password} and {@code urlParams} (e.g. "sslmode=require"). */
  static Output run(int port, String urlParams, String password, String... args) throws Exception {
    Process p = start(port, urlParams, password, args);
    CompletableFuture<String> out = readAsync(p.getInputStream());
    CompletableFuture<String> err = readAsync(p.getErrorStream());
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("psql did not finish within " + TIMEOUT_SECONDS + " s: " + List.of(args));
    }
    return new Output(p.exitValue(), out.join(), err.join());
  }

  /**
   * Runs {@code sql} and presses Ctrl-C (SIGINT, on which psql sends a CancelRequest) after a
   * second, and again every half second until psql ends: a cancel that comes before the query
   * has started finds nothing to cancel.
   */
  static Output runAndInterrupt(int port, String urlParams, String password, String sql) throws Exception {
    Process p = start(port, urlParams, password, "-c", sql);
    CompletableFuture<String> out = readAsync(p.getInputStream());
    CompletableFuture<String> err = readAsync(p.getErrorStream());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    Thread.sleep(1000);
    while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("psql did not end on Ctrl-C: " + sql);
      }
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    }
    return new Output(p.exitValue(), out.join(), err.join());
  }

  private static Process start(int port, String urlParams, String password, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-A", "-t"));
    cmd.addAll(List.of(args));
    cmd.add("postgresql://" + TestServer.USER + "@127.0.0.1:" + port + "/postgres?connect_timeout=20&" + urlParams);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("PSQL"));
    pb.environment().put("PGPASSWORD", password);
    pb.environment().put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
