package io.timefusion.slt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a SQL script through the real {@code psql} client and compares its printed output with a
 * recorded file, so that what a person sees in psql is checked character for character (column
 * widths, alignment, {@code (n rows)}, {@code INSERT 0 5}).
 */
public final class PsqlSessionCheck {
  /** The psql example session from the README and PostgreSQL's output for it. */
  public static final Path EXAMPLE_SQL = Path.of("src/test/resources/psql/example_session.sql");
  public static final Path EXAMPLE_EXPECTED = Path.of("src/test/resources/psql/example_session.expected");
  /** psql's catalog commands, catalog functions and casts, and PostgreSQL's output for them. */
  public static final Path CATALOG_SQL = Path.of("src/test/resources/psql/catalog_session.sql");
  public static final Path CATALOG_EXPECTED = Path.of("src/test/resources/psql/catalog_session.expected");

  private static final long TIMEOUT_SECONDS = 60;

  private PsqlSessionCheck() {}

  /** What psql printed and how it exited. */
  public record Output(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code psql -X -v ON_ERROR_STOP=1 [options] -f script URL} with default aligned output.
   * The environment is cleared of PG* variables and the locale fixed, so nothing but the server
   * and the options decide what is printed.
   */
  public static Output run(Path script, String host, int port, String user, String password, String database, String... options)
      throws IOException, InterruptedException {
    String url = "postgresql://" + enc(user) + ":" + enc(password) + "@" + host + ":" + port + "/" + enc(database);
    List<String> command = new ArrayList<>(List.of(System.getProperty("psql.path", "psql"), "-X", "-v", "ON_ERROR_STOP=1"));
    command.addAll(List.of(options));
    command.addAll(List.of("-f", script.toString(), url));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("PSQL") || k.startsWith("LC_"));
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = readAsync(p.getInputStream());
    CompletableFuture<String> err = readAsync(p.getErrorStream());
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("psql did not finish within " + TIMEOUT_SECONDS + "s running " + script);
    }
    return new Output(p.exitValue(), out.join(), err.join());
  }

  /**
   * Null when psql succeeded and printed exactly {@code expectedFile}; otherwise a readable
   * account: psql's errors, the first differing line, and a line-by-line diff.
   */
  public static String mismatch(Path expectedFile, Output actual) throws IOException {
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    if (actual.exitCode() == 0 && actual.stderr().isEmpty() && expected.equals(actual.stdout())) return null;
    StringBuilder sb = new StringBuilder("psql output differs from ").append(expectedFile);
    if (actual.exitCode() != 0) sb.append("\npsql exited with ").append(actual.exitCode());
    if (!actual.stderr().isEmpty()) sb.append("\npsql stderr:\n").append(actual.stderr());
    List<String> exp = expected.lines().toList();
    List<String> act = actual.stdout().lines().toList();
    sb.append("\n--- expected (").append(exp.size()).append(" lines)\n+++ actual (")
        .append(act.size()).append(" lines)\n");
    sb.append(diff(exp, act));
    return sb.toString();
  }

  /** A unified-style diff ('-' expected only, '+' actual only, ' ' both) from a longest common subsequence. */
  static String diff(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i++));
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.add("+ " + b.get(j++) + " (line " + j + ")");
      } else {
        out.add("- " + a.get(i++) + " (line " + i + ")");
      }
    }
    return String.join("\n", out);
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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
