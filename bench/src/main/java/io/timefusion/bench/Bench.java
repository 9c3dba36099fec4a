package io.timefusion.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TimeFusion benchmark: multi-row INSERT ingest of realistic OTel spans over several pgjdbc
 * connections, then warm latency of typical dashboard queries. See bench/README.md.
 */
public final class Bench {

  // ---- options ----
  String host = env("PGHOST", "127.0.0.1");
  int port = Integer.parseInt(env("PGPORT", "5432"));
  String user = env("PGUSER", "postgres");
  String password = env("PGPASSWORD", "postgres");
  String database = env("PGDATABASE", "postgres");
  long rows = 1_000_000;
  int batch = -1; // default: 1,000 rows per INSERT, 10,000 per COPY
  String mode = "insert";
  String copyFormat = "text";
  int threads = 4;
  int genThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  int queueBatches = 64;
  boolean pregenerate = false;
  int hours = 24;
  Instant end = Instant.parse("2025-01-17T15:00:00Z");
  long seed = 42;
  boolean includeDate = false;
  long serverPid = -1;
  int warmup = 3;
  int runs = 10;
  boolean skipIngest = false;
  boolean skipQueries = false;
  boolean allowRemote = false;
  String queryMode = "extended";
  int socketTimeoutSec = 600;
  String command = null;
  String dumpSql = null;
  boolean genOnly = false;
  String profile = "full";
  int projects = 1;
  String suite = "basic";
  String duckdbDir = null;
  long duckdbMemoryMb = 1024;
  boolean csvSize = false;
  double largeShare = 0.6;

  private final RssSampler rss = new RssSampler();

  public static void main(String[] args) throws Exception {
    Bench b = new Bench();
    try {
      b.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
    if (b.command == null) b.command = "java io.timefusion.bench.Bench " + String.join(" ", args);
    int rc = b.run();
    System.exit(rc);
  }

  static final String USAGE = """
      usage: bench/run [options]
        --host H            server host (env PGHOST, default 127.0.0.1; must be loopback unless --allow-remote)
        --port P            server port (env PGPORT, default 5432)
        --user U            (env PGUSER, default postgres)     --password P (env PGPASSWORD, default postgres)
        --db NAME           database (env PGDATABASE, default postgres)
        --rows N            rows to ingest (default 1000000)
        --mode M            insert (default: multi-row INSERT statements) or copy (COPY ... FROM STDIN)
        --copy-format F     text (default) or csv, for --mode copy
        --batch N           rows per INSERT statement (default 1000) or per COPY (default 10000)
        --threads N         sender connections (default 4)
        --gen-threads N     SQL generator threads (default min(4, cores/2))
        --queue N           batches generated ahead of the senders (default 64)
        --pregenerate       generate all statements before timing starts (needs ~2.6 KB heap per row)
        --hours N           time window of the data, ending at --end (default 24)
        --end ISO           end of the window (default 2025-01-17T15:00:00Z)
        --seed N            data seed (default 42)
        --profile P         row profile: full (default; all 90 columns, ~2.2 KB of SQL per row) or lean (21 columns
                            a minimal SDK sets, small attributes/resource JSON, ~0.5 KB of SQL per row)
        --projects N        spread the traces over N projects: bench-project gets --large-share of them, project-2 ...
                            project-N share the rest (default 1: everything in bench-project)
        --large-share F     share of bench-project when --projects > 1 (default 0.6)
        --include-date      also send the `date` column (needed for plain PostgreSQL without a trigger)
        --query-mode M      pgjdbc preferQueryMode: extended (default), simple, extendedForPrepared
        --server-pid PID    sample the server's VmRSS from /proc/PID/status
        --suite S           queries after the ingest: basic (default; 5 queries over the whole window) or dashboard
                            (12 dashboard shapes over the last 1 h, 6 h and 24 h of bench-project, see README)
        --duckdb-dir DIR    with --suite dashboard: also run each query in an in-process DuckDB over the Parquet files
                            under DIR (a local table directory, e.g. <data dir>/otel_logs_and_spans) and print the ratio
        --duckdb-memory-mb N  memory_limit of that DuckDB (default 1024, the server's default engine budget)
        --csv-size          with --duckdb-dir: generate the same rows as CSV, count the bytes, compare with the Parquet size
        --warmup N / --runs N   query warm-up and timed runs (default 3 / 10)
        --skip-ingest / --skip-queries
        --dump-sql FILE     write the first statement to FILE and exit (no server needed)
        --gen-only          only measure SQL generation speed (no server needed)
        --command TEXT      command line to print in the header
      """;

  void parse(String[] a) {
    for (int i = 0; i < a.length; i++) {
      String k = a[i];
      String v = (i + 1 < a.length) ? a[i + 1] : null;
      switch (k) {
        case "--host" -> { host = req(k, v); i++; }
        case "--port" -> { port = Integer.parseInt(req(k, v)); i++; }
        case "--user" -> { user = req(k, v); i++; }
        case "--password" -> { password = req(k, v); i++; }
        case "--db", "--database" -> { database = req(k, v); i++; }
        case "--rows" -> { rows = parseCount(req(k, v)); i++; }
        case "--batch" -> { batch = (int) parseCount(req(k, v)); i++; }
        case "--mode" -> {
          mode = req(k, v).toLowerCase(Locale.ROOT);
          if (!mode.equals("insert") && !mode.equals("copy")) throw new IllegalArgumentException("--mode must be insert or copy");
          i++;
        }
        case "--copy-format" -> {
          copyFormat = req(k, v).toLowerCase(Locale.ROOT);
          if (!copyFormat.equals("text") && !copyFormat.equals("csv")) throw new IllegalArgumentException("--copy-format must be text or csv");
          i++;
        }
        case "--threads" -> { threads = Integer.parseInt(req(k, v)); i++; }
        case "--gen-threads" -> { genThreads = Integer.parseInt(req(k, v)); i++; }
        case "--queue" -> { queueBatches = Integer.parseInt(req(k, v)); i++; }
        case "--pregenerate" -> pregenerate = true;
        case "--hours" -> { hours = Integer.parseInt(req(k, v)); i++; }
        case "--end" -> { end = Instant.parse(req(k, v)); i++; }
        case "--seed" -> { seed = Long.parseLong(req(k, v)); i++; }
        case "--include-date" -> includeDate = true;
        case "--query-mode" -> { queryMode = req(k, v); i++; }
        case "--server-pid" -> { String p = req(k, v); serverPid = p.isBlank() ? -1 : Long.parseLong(p.trim()); i++; }
        case "--warmup" -> { warmup = Integer.parseInt(req(k, v)); i++; }
        case "--runs" -> { runs = Integer.parseInt(req(k, v)); i++; }
        case "--skip-ingest" -> skipIngest = true;
        case "--skip-queries" -> skipQueries = true;
        case "--allow-remote" -> allowRemote = true;
        case "--socket-timeout" -> { socketTimeoutSec = Integer.parseInt(req(k, v)); i++; }
        case "--command" -> { command = req(k, v); i++; }
        case "--dump-sql" -> { dumpSql = req(k, v); i++; }
        case "--gen-only" -> genOnly = true;
        case "--profile" -> {
          profile = req(k, v).toLowerCase(Locale.ROOT);
          if (!profile.equals("full") && !profile.equals("lean")) throw new IllegalArgumentException("--profile must be full or lean");
          i++;
        }
        case "--suite" -> {
          suite = req(k, v).toLowerCase(Locale.ROOT);
          if (!suite.equals("basic") && !suite.equals("dashboard")) throw new IllegalArgumentException("--suite must be basic or dashboard");
          i++;
        }
        case "--duckdb-dir" -> { duckdbDir = req(k, v); i++; }
        case "--duckdb-memory-mb" -> { duckdbMemoryMb = Long.parseLong(req(k, v)); i++; }
        case "--csv-size" -> csvSize = true;
        case "--projects" -> { projects = Integer.parseInt(req(k, v)); i++; }
        case "--large-share" -> { largeShare = Double.parseDouble(req(k, v)); i++; }
        case "-h", "--help" -> { System.out.println(USAGE); System.exit(0); }
        default -> throw new IllegalArgumentException("unknown option " + k);
      }
    }
    if (batch == -1) batch = copy() ? 10_000 : 1_000;
    if (projects < 1 || largeShare <= 0 || largeShare > 1) throw new IllegalArgumentException("--projects >= 1, 0 < --large-share <= 1");
    if (rows < 1 || batch < 1 || threads < 1 || genThreads < 1 || queueBatches < 1 || hours < 1 || runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("counts must be positive");
    }
  }

  private static String req(String k, String v) {
    if (v == null) throw new IllegalArgumentException("missing value for " + k);
    return v;
  }

  private static long parseCount(String s) {
    s = s.replace("_", "").toLowerCase(Locale.ROOT);
    long mul = 1;
    if (s.endsWith("k")) { mul = 1_000; s = s.substring(0, s.length() - 1); }
    else if (s.endsWith("m")) { mul = 1_000_000; s = s.substring(0, s.length() - 1); }
    return Long.parseLong(s) * mul;
  }

  private static String env(String k, String d) {
    String v = System.getenv(k);
    return v == null || v.isEmpty() ? d : v;
  }

  boolean copy() { return mode.equals("copy"); }

  long endMicros() { return end.getEpochSecond() * 1_000_000L + end.getNano() / 1000; }

  long startMicros() { return endMicros() - hours * 3_600_000_000L; }

  SpanGenerator newGenerator() {
    return new SpanGenerator(startMicros(), endMicros(), rows, batch, seed, includeDate, profile.equals("lean"))
        .projects(projects, largeShare);
  }

  // ---------------------------------------------------------------------------------------------

  int run() throws Exception {
    if (dumpSql != null) {
      String sql = copy() ? newGenerator().copySql(copyFormat) + ";\n" + newGenerator().batchCopy(0, copyFormat) + "\\."
          : newGenerator().batchSql(0);
      Files.writeString(Path.of(dumpSql), sql + (copy() ? "\n" : ";\n"));
      System.out.printf("wrote first statement (%d rows, %d bytes) to %s%n", newGenerator().rowsInBatch(0), sql.length(), dumpSql);
      return 0;
    }
    if (genOnly) return genOnly();
    if (!allowRemote && !InetAddress.getByName(host).isLoopbackAddress()) {
      System.err.println("bench: refusing non-loopback host " + host + " (use --allow-remote)");
      return 2;
    }
    printHeader();
    if (serverPid > 0) rss.start(serverPid);
    int rc = 0;
    try {
      if (!skipIngest) rc = ingest();
      if (rc == 0 && !skipQueries) rc = suite.equals("dashboard") ? new Dashboard(this).run() : queries();
    } finally {
      rss.stop();
    }
    if (serverPid > 0) {
      System.out.println();
      System.out.printf("server RSS (pid %d): peak sampled during run %s, VmHWM at end %s, VmRSS at end %s%n", serverPid,
          mb(rss.peakKb.get()), mb(RssSampler.read(serverPid, "VmHWM:")), mb(RssSampler.read(serverPid, "VmRSS:")));
    }
    return rc;
  }

  int genOnly() throws InterruptedException {
    long n = newGenerator().batchCount();
    AtomicLong next = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int g = 0; g < genThreads; g++) {
      Thread t = new Thread(() -> {
        SpanGenerator gen = newGenerator();
        long b;
        while ((b = next.getAndIncrement()) < n) bytes.addAndGet(gen.batchSql(b).length());
      });
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) t.join();
    double sec = (System.nanoTime() - t0) / 1e9;
    System.out.printf("generated %,d rows (%.1f MB SQL, %.0f bytes/row) in %.2f s with %d threads: %,.0f rows/s, %.1f MB/s%n", rows,
        bytes.get() / 1e6, bytes.get() / (double) rows, sec, genThreads, rows / sec, bytes.get() / 1e6 / sec);
    return 0;
  }

  private static String mb(long kb) { return kb < 0 ? "n/a" : String.format("%.0f MiB", kb / 1024.0); }

  Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    p.setProperty("loginTimeout", "10");
    p.setProperty("socketTimeout", Integer.toString(socketTimeoutSec));
    p.setProperty("preferQueryMode", queryMode);
    p.setProperty("ApplicationName", "timefusion-bench");
    p.setProperty("sslmode", "disable");
    String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
    Connection c = DriverManager.getConnection(url, p);
    c.setAutoCommit(true);
    return c;
  }

  void printHeader() {
    System.out.println("=== TimeFusion benchmark ===");
    System.out.println("command:   " + command);
    System.out.printf("machine:   %d cores, %s RAM, %s %s (%s)%n", Runtime.getRuntime().availableProcessors(), memTotal(),
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    System.out.printf("cpu:       %s%n", cpuModel());
    System.out.printf("java:      %s (%s), bench heap max %d MiB%n", System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("server:    %s:%d db=%s user=%s queryMode=%s%n", host, port, database, user, queryMode);
    System.out.printf("data:      %,d rows (%s), %d h window [%s, %s), seed %d, %s date column%n", rows,
        projects == 1 ? SpanGenerator.PROJECT
            : String.format("%d projects, %s %.0f %%, the others %.1f %% each", projects, SpanGenerator.PROJECT, largeShare * 100,
                (1 - largeShare) * 100 / (projects - 1)),
        hours,
        Instant.ofEpochSecond(0, startMicros() * 1000), end, seed, includeDate ? "with" : "without (server-derived)");
    SpanGenerator g = newGenerator();
    int n0 = g.rowsInBatch(0);
    System.out.printf("profile:   %s, %d columns, %.0f bytes/row of SQL (first statement: %,d rows)%s%n", profile, g.columnCount(),
        g.batchSql(0).length() / (double) n0, n0,
        copy() ? String.format(", %.0f bytes/row of COPY %s", g.batchCopy(0, copyFormat).getBytes(java.nio.charset.StandardCharsets.UTF_8).length / (double) n0, copyFormat) : "");
    System.out.printf("ingest:    %d connections x %s of %,d rows, %d generator threads, %s%n", threads,
        copy() ? "COPY FROM STDIN (" + copyFormat + ", pgjdbc CopyManager, 64 KiB CopyData)" : "INSERT", batch, genThreads,
        pregenerate ? "all statements pre-generated" : "queue of " + queueBatches + " pre-generated statements");
  }

  static String memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException ignored) {
    }
    return "unknown";
  }

  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (IOException | RuntimeException ignored) {
    }
    return "unknown";
  }

  // ---------------------------------------------------------------------------------------------
  // ingest

  /** One statement: an INSERT ({@code sql}) or the data of one COPY ({@code data}). */
  record Batch(long index, int rows, String sql, byte[] data) {
    long bytes() { return data != null ? data.length : sql.length(); }
  }

  int ingest() throws Exception {
    SpanGenerator probe = newGenerator();
    long nBatches = probe.batchCount();
    int cap = queueBatches;
    if (pregenerate) {
      long need = rows * (profile.equals("lean") ? 700L : 2600L) / (copy() ? 2 : 1);
      if (need > Runtime.getRuntime().maxMemory() * 0.7) {
        System.out.printf("note: --pregenerate needs ~%d MiB, heap max is %d MiB; using a queue of %d statements instead%n",
            need >> 20, Runtime.getRuntime().maxMemory() >> 20, queueBatches);
      } else {
        cap = (int) Math.min(Integer.MAX_VALUE - 8, nBatches);
      }
    }
    cap = (int) Math.max(1, Math.min(cap, nBatches));
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(cap);
    AtomicLong nextGen = new AtomicLong();
    AtomicBoolean abort = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong genNanos = new AtomicLong();
    AtomicLong generated = new AtomicLong();

    List<Thread> producers = new ArrayList<>();
    for (int g = 0; g < genThreads; g++) {
      Thread t = new Thread(() -> {
        SpanGenerator gen = newGenerator();
        try {
          long b;
          while (!abort.get() && (b = nextGen.getAndIncrement()) < nBatches) {
            long t0 = System.nanoTime();
            Batch bt = copy()
                ? new Batch(b, gen.rowsInBatch(b), null, gen.batchCopy(b, copyFormat).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : new Batch(b, gen.rowsInBatch(b), gen.batchSql(b), null);
            genNanos.addAndGet(System.nanoTime() - t0);
            generated.incrementAndGet();
            while (!queue.offer(bt, 200, TimeUnit.MILLISECONDS)) {
              if (abort.get()) return;
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          abort.set(true);
        }
      }, "gen-" + g);
      t.setDaemon(true);
      producers.add(t);
    }

    List<Connection> conns = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) conns.add(connect());
      String version = conns.get(0).getMetaData().getDatabaseProductVersion();
      System.out.println("server version: " + version);
      System.out.println();
      System.out.println("--- ingest ---");
      long g0 = System.nanoTime();
      producers.forEach(Thread::start);
      // fill the queue before the clock starts
      while (!abort.get() && queue.remainingCapacity() > 0 && generated.get() < nBatches) Thread.sleep(20);
      if (abort.get()) throw new RuntimeException("generator failed", failure.get());
      System.out.printf("pre-generated %d statements (%.1f MB) in %.1f s before timing%n", queue.size(),
          queue.stream().mapToLong(Batch::bytes).sum() / 1e6, (System.nanoTime() - g0) / 1e9);

      AtomicLong claimed = new AtomicLong();
      AtomicLong rowsDone = new AtomicLong();
      AtomicLong bytesDone = new AtomicLong();
      AtomicLong starvedNanos = new AtomicLong();
      long[][] lat = new long[threads][];
      int[] latN = new int[threads];
      List<Thread> senders = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < threads; i++) {
        final int ti = i;
        final Connection c = conns.get(i);
        lat[i] = new long[(int) (nBatches / threads + 2)];
        final String copySql = probe.copySql(copyFormat);
        Thread t = new Thread(() -> {
          try (Statement st = c.createStatement()) {
            org.postgresql.copy.CopyManager cm = copy() ? c.unwrap(org.postgresql.PGConnection.class).getCopyAPI() : null;
            while (!abort.get() && claimed.getAndIncrement() < nBatches) {
              long w0 = System.nanoTime();
              Batch bt;
              while ((bt = queue.poll(200, TimeUnit.MILLISECONDS)) == null) {
                if (abort.get()) return;
              }
              long s0 = System.nanoTime();
              starvedNanos.addAndGet(s0 - w0);
              if (cm != null) {
                long n = cm.copyIn(copySql, new java.io.ByteArrayInputStream(bt.data()), 65536);
                if (n != bt.rows()) throw new IllegalStateException("COPY answered " + n + " rows, sent " + bt.rows());
              } else {
                st.execute(bt.sql());
              }
              long d = System.nanoTime() - s0;
              if (latN[ti] == lat[ti].length) lat[ti] = Arrays.copyOf(lat[ti], lat[ti].length * 2);
              lat[ti][latN[ti]++] = d;
              rowsDone.addAndGet(bt.rows());
              bytesDone.addAndGet(bt.bytes());
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
            abort.set(true);
          }
        }, "send-" + i);
        senders.add(t);
        t.start();
      }
      long lastPrint = t0, lastRows = 0;
      while (senders.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(100);
        long now = System.nanoTime();
        if (now - lastPrint >= 5_000_000_000L) {
          long r = rowsDone.get();
          System.out.printf("  %6.1f s  %,12d rows  %,10.0f rows/s (last 5 s)  queue %d%n", (now - t0) / 1e9, r,
              (r - lastRows) / ((now - lastPrint) / 1e9), queue.size());
          lastPrint = now;
          lastRows = r;
        }
      }
      long wall = System.nanoTime() - t0;
      abort.set(true);
      if (failure.get() != null) {
        System.out.println("INGEST FAILED after " + rowsDone.get() + " rows: " + failure.get());
        if (failure.get() instanceof SQLException se && se.getNextException() != null) {
          System.out.println("  next: " + se.getNextException());
        }
        return 1;
      }
      long[] all = new long[Arrays.stream(latN).sum()];
      int p = 0;
      for (int i = 0; i < threads; i++) {
        System.arraycopy(lat[i], 0, all, p, latN[i]);
        p += latN[i];
      }
      Arrays.sort(all);
      double sec = wall / 1e9;
      System.out.println();
      System.out.printf("rows ingested:        %,d in %,d statements%n", rowsDone.get(), all.length);
      System.out.printf("wall time:            %.2f s%n", sec);
      System.out.printf("throughput:           %,.0f rows/s%n", rowsDone.get() / sec);
      System.out.printf("%s sent:       %.1f MB (%.0f bytes/row), %.1f MB/s%n", copy() ? "COPY data" : "SQL      ", bytesDone.get() / 1e6,
          (double) bytesDone.get() / rowsDone.get(), bytesDone.get() / 1e6 / sec);
      System.out.printf("%s latency:    p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", copy() ? "COPY     " : "statement", pct(all, 0.5) / 1e6,
          pct(all, 0.9) / 1e6, pct(all, 0.99) / 1e6, all[all.length - 1] / 1e6);
      System.out.printf("sender wait on generator: %.2f s total over %d senders (%.1f%% of sender time)%n", starvedNanos.get() / 1e9,
          threads, 100.0 * starvedNanos.get() / (wall * (double) threads));
      System.out.printf("generation rate:      %,.0f rows/s per generator thread (not part of the timing)%n",
          generated.get() * (double) batch / (genNanos.get() / 1e9));
      if (serverPid > 0) System.out.printf("server RSS peak so far: %s%n", mb(rss.peakKb.get()));
      return 0;
    } finally {
      abort.set(true);
      for (Connection c : conns) {
        try {
          c.close();
        } catch (SQLException ignored) {
        }
      }
    }
  }

  static long pct(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  // ---------------------------------------------------------------------------------------------
  // queries

  int queries() throws SQLException {
    String from = "'" + Instant.ofEpochSecond(0, startMicros() * 1000).toString().replace('T', ' ').replace("Z", "+00") + "'";
    String to = "'" + end.toString().replace('T', ' ').replace("Z", "+00") + "'";
    String where = "WHERE project_id = '" + SpanGenerator.PROJECT + "' AND timestamp >= " + from + " AND timestamp < " + to;
    String[][] qs = {
      {"count (sanity)", "SELECT COUNT(*) FROM otel_logs_and_spans " + where},
      {"throughput per 5 min", "SELECT time_bucket(INTERVAL '5 minutes', timestamp) AS bucket, COUNT(*) FROM otel_logs_and_spans "
          + where + " GROUP BY bucket ORDER BY bucket"},
      {"p95 duration per 5 min", "SELECT time_bucket(INTERVAL '5 minutes', timestamp) AS bucket, "
          + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration) AS p95 FROM otel_logs_and_spans " + where
          + " GROUP BY bucket ORDER BY bucket"},
      {"top endpoints", "SELECT name, COUNT(*) AS c FROM otel_logs_and_spans " + where + " GROUP BY name ORDER BY c DESC LIMIT 10"},
      {"log list (latest 100)", "SELECT timestamp, id, name, level, duration, attributes___http___response___status_code, "
          + "resource___service___name FROM otel_logs_and_spans " + where + " ORDER BY timestamp DESC LIMIT 100"},
    };
    System.out.println();
    System.out.printf("--- queries (%d warm-up + %d timed runs each, one connection) ---%n", warmup, runs);
    int failures = 0;
    try (Connection c = connect()) {
      for (String[] q : qs) {
        System.out.println();
        System.out.println(q[0] + ":  " + q[1]);
        try {
          Timing t = time(c, q[1], Integer.MAX_VALUE);
          System.out.printf("  -> %d rows; first: %s%n", t.rows(), t.first());
          System.out.printf("  median %.1f ms   p90 %.1f ms   min %.1f ms%n", t.medianMs(), t.p90Ms(), t.minMs());
        } catch (SQLException e) {
          failures++;
          System.out.println("  FAILED: " + e.getMessage().replace('\n', ' '));
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** Warm timing of one query: medians over {@link #runs} after {@link #warmup} runs. */
  record Timing(int rows, double medianMs, double p90Ms, double minMs, String first) {}

  /**
   * Runs {@code sql} {@link #warmup} + {@link #runs} times on {@code c}, reading every value of
   * every row; {@code first} shows the first {@code sampleColumns} columns of the first row.
   */
  Timing time(Connection c, String sql, int sampleColumns) throws SQLException {
    long[] t = new long[runs];
    int n = 0;
    String sample = null;
    try (Statement st = c.createStatement()) {
      for (int i = 0; i < warmup + runs; i++) {
        long s0 = System.nanoTime();
        int rowsSeen = 0;
        String first = null;
        try (ResultSet rs = st.executeQuery(sql)) {
          int cols = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder sb = rowsSeen == 0 ? new StringBuilder() : null;
            for (int ci = 1; ci <= cols; ci++) {
              Object o = rs.getObject(ci);
              if (sb != null && ci <= sampleColumns) sb.append(ci > 1 ? " | " : "").append(o);
            }
            if (sb != null) first = sb.toString();
            rowsSeen++;
          }
        }
        long d = System.nanoTime() - s0;
        if (i >= warmup) t[i - warmup] = d;
        n = rowsSeen;
        sample = first;
      }
    }
    Arrays.sort(t);
    return new Timing(n, median(t) / 1e6, pct(t, 0.9) / 1e6, t[0] / 1e6, sample);
  }

  static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  // ---------------------------------------------------------------------------------------------

  /** Samples VmRSS of a process every 200 ms and keeps the peak. */
  static final class RssSampler {
    final AtomicLong peakKb = new AtomicLong(-1);
    private volatile boolean running;
    private Thread thread;

    void start(long pid) {
      running = true;
      thread = new Thread(() -> {
        while (running) {
          long kb = read(pid, "VmRSS:");
          if (kb > 0) peakKb.accumulateAndGet(kb, Math::max);
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      running = false;
      if (thread != null) thread.interrupt();
    }

    static long read(long pid, String key) {
      if (pid <= 0) return -1;
      try {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (l.startsWith(key)) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      } catch (IOException | RuntimeException ignored) {
      }
      return -1;
    }
  }
}
