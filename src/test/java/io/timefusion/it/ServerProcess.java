package io.timefusion.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A TimeFusion server in a child JVM (for kill -9 and for several servers sharing one bucket). */
final class ServerProcess {
  private ServerProcess() {}

  static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts the server on {@code dir} and {@code port} (S3 settings as in this run) and waits until it is ready. */
  static Process start(Path dir, int port, Map<String, String> env) throws Exception {
    return start(dir, port, env, List.of("-Xmx1g"));
  }

  /** As above, with the child JVM's heap and other options given. */
  static Process start(Path dir, int port, Map<String, String> env, List<String> jvmOptions) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.timefusion.TimeFusion"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TIMEFUSION_DATA_DIR", dir.toString());
    pb.environment().put("PGWIRE_PORT", Integer.toString(port));
    pb.environment().put("TIMEFUSION_BIND_ADDRESS", "127.0.0.1");
    pb.environment().put("TIMEFUSION_DUCKDB_MEMORY_LIMIT_MB", "512");
    if (TestServer.onS3()) pb.environment().putAll(TestS3.shared().env(TestServer.s3Prefix(dir)));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
      waitForReady(p);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    return p;
  }

  private static void waitForReady(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
      if (line.contains("TimeFusion ready")) {
        Thread.ofPlatform().daemon().start(() -> r.lines().forEach(l -> {}));
        return;
      }
      seen.append(line).append('\n');
    }
    throw new IllegalStateException("server did not start:\n" + seen);
  }

  /** Stops the server as SIGTERM does (it flushes) and waits for it to exit. */
  static void terminate(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
  }
}
