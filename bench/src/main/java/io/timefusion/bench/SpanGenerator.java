package io.timefusion.bench;

import static io.timefusion.bench.Columns.idx;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic generator of realistic OpenTelemetry spans (plus a share of log records) for
 * otel_logs_and_spans, rendered as multi-row INSERT statements.
 *
 * <p>Batch {@code b} always contains rows {@code [b*batchSize, (b+1)*batchSize)} and is generated from
 * its own random stream seeded with {@code (seed, b)}, so the data set is identical whatever the
 * number of generator threads. Rows are grouped in traces: a SERVER root span, 0-3 database CLIENT
 * spans, sometimes an INTERNAL span, an outgoing HTTP CLIENT span and a log record. Timestamps grow
 * with the row number (with jitter) across the window {@code [end - hours, end)}.
 *
 * <p>Not thread-safe: use one instance per generator thread (they share nothing mutable).
 */
final class SpanGenerator {
  static final String PROJECT = "bench-project";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // ---- column indexes (resolved by name, so a typo fails at class init) ----
  static final int PROJECT_ID = idx("project_id"), DATE = idx("date"), TIMESTAMP = idx("timestamp"),
      OBSERVED = idx("observed_timestamp"), ID = idx("id"), PARENT_ID = idx("parent_id"),
      HASHES = idx("hashes"), NAME = idx("name"), KIND = idx("kind"), STATUS_CODE = idx("status_code"),
      STATUS_MESSAGE = idx("status_message"), LEVEL = idx("level"), SEVERITY = idx("severity"),
      SEV_TEXT = idx("severity___severity_text"), SEV_NUM = idx("severity___severity_number"),
      BODY = idx("body"), DURATION = idx("duration"), START_TIME = idx("start_time"),
      END_TIME = idx("end_time"), CONTEXT = idx("context"), CTX_TRACE_ID = idx("context___trace_id"),
      CTX_SPAN_ID = idx("context___span_id"), CTX_TRACE_STATE = idx("context___trace_state"),
      CTX_TRACE_FLAGS = idx("context___trace_flags"), CTX_IS_REMOTE = idx("context___is_remote"),
      EVENTS = idx("events"), LINKS = idx("links"), ATTRIBUTES = idx("attributes"),
      A_CLIENT_ADDR = idx("attributes___client___address"), A_CLIENT_PORT = idx("attributes___client___port"),
      A_SERVER_ADDR = idx("attributes___server___address"), A_SERVER_PORT = idx("attributes___server___port"),
      A_NET_LOCAL_ADDR = idx("attributes___network___local__address"),
      A_NET_LOCAL_PORT = idx("attributes___network___local__port"),
      A_NET_PEER_ADDR = idx("attributes___network___peer___address"),
      A_NET_PEER_PORT = idx("attributes___network___peer__port"),
      A_NET_PROTO_NAME = idx("attributes___network___protocol___name"),
      A_NET_PROTO_VERSION = idx("attributes___network___protocol___version"),
      A_NET_TRANSPORT = idx("attributes___network___transport"), A_NET_TYPE = idx("attributes___network___type"),
      A_CODE_NUMBER = idx("attributes___code___number"), A_CODE_FILE = idx("attributes___code___file___path"),
      A_CODE_FUNCTION = idx("attributes___code___function___name"),
      A_CODE_LINE = idx("attributes___code___line___number"),
      A_CODE_STACKTRACE = idx("attributes___code___stacktrace"),
      A_LOG_ORIGINAL = idx("attributes___log__record___original"),
      A_LOG_UID = idx("attributes___log__record___uid"), A_ERROR_TYPE = idx("attributes___error___type"),
      A_EXC_TYPE = idx("attributes___exception___type"), A_EXC_MESSAGE = idx("attributes___exception___message"),
      A_EXC_STACKTRACE = idx("attributes___exception___stacktrace"),
      A_URL_FRAGMENT = idx("attributes___url___fragment"), A_URL_FULL = idx("attributes___url___full"),
      A_URL_PATH = idx("attributes___url___path"), A_URL_QUERY = idx("attributes___url___query"),
      A_URL_SCHEME = idx("attributes___url___scheme"), A_USER_AGENT = idx("attributes___user_agent___original"),
      A_HTTP_METHOD = idx("attributes___http___request___method"),
      A_HTTP_METHOD_ORIG = idx("attributes___http___request___method_original"),
      A_HTTP_STATUS = idx("attributes___http___response___status_code"),
      A_HTTP_RESEND = idx("attributes___http___request___resend_count"),
      A_HTTP_BODY_SIZE = idx("attributes___http___request___body___size"),
      A_SESSION_ID = idx("attributes___session___id"), A_SESSION_PREV = idx("attributes___session___previous___id"),
      A_DB_SYSTEM = idx("attributes___db___system___name"), A_DB_COLLECTION = idx("attributes___db___collection___name"),
      A_DB_NAMESPACE = idx("attributes___db___namespace"), A_DB_OPERATION = idx("attributes___db___operation___name"),
      A_DB_STATUS = idx("attributes___db___response___status_code"),
      A_DB_BATCH = idx("attributes___db___operation___batch___size"),
      A_DB_SUMMARY = idx("attributes___db___query___summary"), A_DB_TEXT = idx("attributes___db___query___text"),
      A_USER_ID = idx("attributes___user___id"), A_USER_EMAIL = idx("attributes___user___email"),
      A_USER_FULL_NAME = idx("attributes___user___full_name"), A_USER_NAME = idx("attributes___user___name"),
      A_USER_HASH = idx("attributes___user___hash"), RESOURCE = idx("resource"),
      R_SERVICE_NAME = idx("resource___service___name"), R_SERVICE_VERSION = idx("resource___service___version"),
      R_INSTANCE_ID = idx("resource___service___instance___id"),
      R_NAMESPACE = idx("resource___service___namespace"),
      R_DEPLOY_ENV = idx("resource___deployment___environment___name"), R_HOST = idx("resource___host___name"),
      R_SDK_LANGUAGE = idx("resource___telemetry___sdk___language"),
      R_SDK_NAME = idx("resource___telemetry___sdk___name"),
      R_SDK_VERSION = idx("resource___telemetry___sdk___version"),
      R_USER_AGENT = idx("resource___user_agent___original"), SUMMARY = idx("summary"), ERRORS = idx("errors"),
      MESSAGE_SIZE = idx("message_size_bytes");

  private static final byte T_TEXT = 0, T_JSON = 1, T_INT = 2, T_TS = 3, T_ARR = 4, T_DATE = 5;
  private static final byte[] TYPES = new byte[Columns.COUNT];

  static {
    for (int i = 0; i < Columns.COUNT; i++) {
      TYPES[i] = switch (Columns.type(i)) {
        case "text" -> T_TEXT;
        case "json" -> T_JSON;
        case "int4", "int8" -> T_INT;
        case "timestamptz" -> T_TS;
        case "text[]" -> T_ARR;
        case "date" -> T_DATE;
        default -> throw new IllegalStateException("type " + Columns.type(i));
      };
    }
  }

  // ---- static model: services, routes, users ----
  private static final String[][] SERVICES = {
    {"frontend-api", "pages"}, {"auth-service", "sessions"}, {"user-service", "users"},
    {"order-service", "orders"}, {"payment-service", "payments"}, {"inventory-service", "stock-items"},
    {"cart-service", "carts"}, {"catalog-service", "products"}, {"search-service", "queries"},
    {"recommendation-service", "recommendations"}, {"notification-service", "notifications"},
    {"email-service", "emails"}, {"shipping-service", "shipments"}, {"pricing-service", "prices"},
    {"review-service", "reviews"}, {"billing-service", "invoices"}, {"analytics-service", "events"},
    {"media-service", "images"}, {"account-service", "accounts"}, {"admin-service", "reports"},
  };
  private static final String[] ROUTE_METHODS = {"GET", "GET", "POST", "PUT", "DELETE", "GET", "PATCH", "GET", "POST", "GET"};
  private static final String[] ROUTE_SUFFIX = {"", "/{id}", "", "/{id}", "/{id}", "/{id}/history", "/{id}", "/search", "/{id}/actions", null};
  private static final String[] ROUTE_HANDLER = {"list", "get", "create", "update", "delete", "history", "patch", "search", "action", "health"};
  private static final double[] ROUTE_MEDIAN_MS = {25, 8, 40, 35, 20, 60, 30, 120, 80, 0.6};
  private static final String[][] LANGS = { // language, sdk version, file pattern
    {"java", "1.45.0", "src/main/java/com/shop/%s/%sController.java"},
    {"go", "1.33.0", "/app/internal/%s/handler_%s.go"},
    {"python", "1.29.0", "/app/%s/views/%s.py"},
    {"nodejs", "1.30.1", "/app/src/routes/%s/%s.js"},
    {"dotnet", "1.10.0", "/src/Shop.%s/%sController.cs"},
  };
  private static final String[] DB_SYSTEMS = {"postgresql", "postgresql", "postgresql", "mysql", "mongodb", "postgresql", "redis"};
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Radia", "Edsger", "Frances", "Tim", "Sophie", "O'Brien"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Perlman", "Dijkstra", "Allen", "O'Neil", "Wilson", "Nakamura"};
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "okhttp/4.12.0", "python-requests/2.32.3", "Go-http-client/2.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0",
  };
  private static final String[][] FAILURES = { // exception type, message, error.type, http status
    {"java.net.SocketTimeoutException", "Read timed out after 5000ms", "java.net.SocketTimeoutException", "504"},
    {"org.postgresql.util.PSQLException", "ERROR: could not serialize access due to concurrent update", "org.postgresql.util.PSQLException", "500"},
    {"IllegalStateException", "Payment provider returned 'declined' for order", "IllegalStateException", "502"},
    {"ConnectionRefusedError", "[Errno 111] Connection refused", "ConnectionRefusedError", "503"},
    {"NullPointerException", "Cannot invoke \"String.length()\" because \"name\" is null", "NullPointerException", "500"},
    {"context.DeadlineExceeded", "context deadline exceeded", "context.DeadlineExceeded", "504"},
  };
  private static final int[] OK_4XX = {400, 401, 403, 404, 404, 404, 409, 422, 429};

  private static final int N_SERVICES = SERVICES.length, N_ROUTES = ROUTE_METHODS.length, N_USERS = 50_000;
  private static final double[] SERVICE_CDF = zipfCdf(N_SERVICES, 0.9);
  private static final double[] ROUTE_CDF = zipfCdf(N_ROUTES, 1.1);
  /** Per service: version, namespace, language row, 2-6 instance ids and hosts (fixed, not per seed). */
  private static final String[] SVC_VERSION = new String[N_SERVICES];
  private static final String[] SVC_NAMESPACE = new String[N_SERVICES];
  private static final int[] SVC_LANG = new int[N_SERVICES];
  private static final String[][] SVC_INSTANCE = new String[N_SERVICES][];
  private static final String[][] SVC_HOST = new String[N_SERVICES][];
  private static final String[][] SVC_LOCAL_IP = new String[N_SERVICES][];
  private static final String[] SVC_DB = new String[N_SERVICES];
  private static final double[] SVC_LATENCY = new double[N_SERVICES];
  private static final double[][] ROUTE_ERROR_RATE = new double[N_SERVICES][N_ROUTES];

  static {
    SplittableRandom r = new SplittableRandom(20250117);
    String[] namespaces = {"shop", "shop", "platform", "payments"};
    for (int s = 0; s < N_SERVICES; s++) {
      SVC_VERSION[s] = "1." + r.nextInt(30) + "." + r.nextInt(10);
      SVC_NAMESPACE[s] = namespaces[r.nextInt(namespaces.length)];
      SVC_LANG[s] = s % LANGS.length;
      int n = 2 + r.nextInt(5);
      SVC_INSTANCE[s] = new String[n];
      SVC_HOST[s] = new String[n];
      SVC_LOCAL_IP[s] = new String[n];
      for (int i = 0; i < n; i++) {
        SVC_INSTANCE[s][i] = uuid(r.nextLong(), r.nextLong());
        String ip = "10.0." + (s * 8 + i) % 250 + "." + (2 + r.nextInt(250));
        SVC_LOCAL_IP[s][i] = ip;
        SVC_HOST[s][i] = SERVICES[s][0] + "-" + Long.toHexString(r.nextLong() & 0xffffffffL) + "-" + i;
      }
      SVC_DB[s] = DB_SYSTEMS[r.nextInt(DB_SYSTEMS.length)];
      SVC_LATENCY[s] = 0.5 + r.nextDouble() * 1.5;
      double[] rates = {0.002, 0.005, 0.01, 0.03, 0.08};
      for (int k = 0; k < N_ROUTES; k++) ROUTE_ERROR_RATE[s][k] = k == 9 ? 0.0005 : rates[r.nextInt(rates.length)];
    }
  }

  /**
   * Columns of the {@code lean} profile: a span as a minimal SDK emits it (no events, links, body,
   * severity, network/user/code/exception attributes, and small attributes/resource JSON).
   */
  static final String[] LEAN_COLUMNS = {
    "project_id", "timestamp", "id", "parent_id", "name", "kind", "status_code", "level", "duration", "start_time",
    "end_time", "context___trace_id", "context___span_id", "hashes", "attributes", "attributes___http___request___method",
    "attributes___http___response___status_code", "attributes___url___path", "resource___service___name",
    "resource___service___version", "resource",
  };

  // ---- configuration ----
  private final long startMicros, endMicros, totalRows, seed;
  private final int batchSize;
  private final boolean includeDate;
  private final boolean lean;
  /** Column indexes sent, in statement order. */
  private final int[] cols;
  private final String insertPrefix;

  // ---- per-instance scratch ----
  private final List<Object[]> trace = new ArrayList<>();
  private final StringBuilder js = new StringBuilder(4096);
  private SplittableRandom rnd;
  private String traceProject = PROJECT;
  private int projects = 1;
  private double largeShare = 1.0;
  private long cachedDay = Long.MIN_VALUE;
  private String cachedDayStr;

  SpanGenerator(long startMicros, long endMicros, long totalRows, int batchSize, long seed, boolean includeDate) {
    this(startMicros, endMicros, totalRows, batchSize, seed, includeDate, false);
  }

  /**
   * @param lean {@code true} for the {@code lean} profile: the same spans (same random stream, same
   *     timestamps, names, durations, status), but only {@link #LEAN_COLUMNS} are sent, {@code hashes}
   *     holds one tag and {@code attributes} / {@code resource} are small JSON objects
   */
  SpanGenerator(long startMicros, long endMicros, long totalRows, int batchSize, long seed, boolean includeDate, boolean lean) {
    this.startMicros = startMicros;
    this.endMicros = endMicros;
    this.totalRows = totalRows;
    this.batchSize = batchSize;
    this.seed = seed;
    this.includeDate = includeDate;
    this.lean = lean;
    List<Integer> c = new ArrayList<>();
    if (lean) {
      for (String n : LEAN_COLUMNS) {
        c.add(idx(n));
        if (n.equals("project_id") && includeDate) c.add(DATE);
      }
    } else {
      for (int i = 0; i < Columns.COUNT; i++) {
        if (i == DATE && !includeDate) continue;
        c.add(i);
      }
    }
    cols = c.stream().mapToInt(Integer::intValue).toArray();
    StringBuilder p = new StringBuilder("INSERT INTO otel_logs_and_spans (");
    for (int j = 0; j < cols.length; j++) {
      if (j > 0) p.append(", ");
      p.append(Columns.name(cols[j]));
    }
    insertPrefix = p.append(") VALUES\n").toString();
  }

  int columnCount() { return cols.length; }

  /**
   * Spreads the traces over {@code n} projects: {@link #PROJECT} gets {@code largeShare} of them, the
   * others ({@code project-2} ... {@code project-<n>}) share the rest evenly. The project of a trace
   * is a hash of its first row number, so the random stream (and every other value) is the same
   * whatever {@code n}.
   */
  SpanGenerator projects(int n, double largeShare) {
    if (n < 1 || largeShare <= 0 || largeShare > 1) throw new IllegalArgumentException("projects >= 1, 0 < large share <= 1");
    this.projects = n;
    this.largeShare = n == 1 ? 1.0 : largeShare;
    return this;
  }

  /** The project names, the large one first. */
  static List<String> projectNames(int n) {
    List<String> names = new ArrayList<>(List.of(PROJECT));
    for (int i = 2; i <= n; i++) names.add("project-" + i);
    return names;
  }

  private String projectOf(long globalRow) {
    if (projects == 1) return PROJECT;
    double u = (mix(globalRow * 0x9E3779B97F4A7C15L + seed) >>> 11) * 0x1.0p-53;
    if (u < largeShare) return PROJECT;
    int other = (int) ((u - largeShare) / (1 - largeShare) * (projects - 1));
    return "project-" + (2 + Math.min(projects - 2, other));
  }

  /** The COPY statement whose data {@link #batchCopy} produces; format "text" or "csv". */
  String copySql(String format) {
    StringBuilder p = new StringBuilder("COPY otel_logs_and_spans (");
    for (int j = 0; j < cols.length; j++) {
      if (j > 0) p.append(", ");
      p.append(Columns.name(cols[j]));
    }
    p.append(") FROM STDIN");
    if (format.equals("csv")) p.append(" WITH (FORMAT csv)");
    return p.toString();
  }

  /** The rows of batch {@code b} as COPY data in {@code format} ("text" or "csv"): the same rows as {@link #batchSql}. */
  String batchCopy(long b, String format) {
    boolean csv = format.equals("csv");
    int rows = rowsInBatch(b);
    rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + 1);
    StringBuilder sb = new StringBuilder(rows * (lean ? 600 : 2300));
    long row = b * batchSize;
    int written = 0;
    while (written < rows) {
      trace.clear();
      genTrace(row + written);
      for (Object[] v : trace) {
        if (written == rows) break;
        if (lean) leanify(v);
        writeCopyRow(sb, v, csv);
        written++;
      }
    }
    return sb.toString();
  }

  private void writeCopyRow(StringBuilder sb, Object[] v, boolean csv) {
    boolean first = true;
    for (int i : cols) {
      byte t = TYPES[i];
      if (!first) sb.append(csv ? ',' : '\t');
      first = false;
      Object o = v[i];
      if (t == T_DATE) {
        sb.append(day((Long) v[TIMESTAMP]));
      } else if (o == null) {
        if (!csv) sb.append("\\N");
      } else {
        switch (t) {
          case T_TEXT, T_JSON -> copyStr(sb, (String) o, csv);
          case T_INT -> sb.append(((Number) o).longValue());
          case T_TS -> ts(sb, (Long) o);
          case T_ARR -> {
            StringBuilder a = new StringBuilder("{");
            String[] e = (String[]) o;
            for (int j = 0; j < e.length; j++) {
              if (j > 0) a.append(',');
              a.append('"').append(e[j].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            copyStr(sb, a.append('}').toString(), csv);
          }
          default -> throw new IllegalStateException();
        }
      }
    }
    sb.append('\n');
  }

  /** A value in COPY text format (backslash escapes) or CSV (quoted when needed, empty quoted so it is not NULL). */
  static void copyStr(StringBuilder sb, String s, boolean csv) {
    int n = s.length();
    if (csv) {
      boolean quote = n == 0;
      for (int i = 0; i < n && !quote; i++) {
        char ch = s.charAt(i);
        quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
      }
      if (!quote) {
        sb.append(s);
        return;
      }
      sb.append('"');
      for (int i = 0; i < n; i++) {
        char ch = s.charAt(i);
        if (ch == '"') sb.append('"');
        sb.append(ch);
      }
      sb.append('"');
      return;
    }
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
  }

  long batchCount() { return (totalRows + batchSize - 1) / batchSize; }

  int rowsInBatch(long b) { return (int) Math.min(batchSize, totalRows - b * batchSize); }

  /** The INSERT statement for batch {@code b}. */
  String batchSql(long b) {
    int rows = rowsInBatch(b);
    rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + 1);
    StringBuilder sb = new StringBuilder(insertPrefix.length() + rows * (lean ? 700 : 2600));
    sb.append(insertPrefix);
    long row = b * batchSize;
    int written = 0;
    while (written < rows) {
      trace.clear();
      genTrace(row + written);
      for (Object[] v : trace) {
        if (written == rows) break;
        if (written > 0) sb.append(",\n");
        if (lean) leanify(v);
        writeRow(sb, v);
        written++;
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // trace model

  private void genTrace(long globalRow) {
    SplittableRandom r = rnd;
    traceProject = projectOf(globalRow);
    long window = endMicros - startMicros;
    long t0 = startMicros + (long) ((globalRow + r.nextDouble()) / totalRows * window) + (long) ((r.nextDouble() - 0.5) * 40e6);
    t0 = Math.max(startMicros, Math.min(endMicros - 1, t0));

    int s = pick(SERVICE_CDF, r.nextDouble());
    int k = pick(ROUTE_CDF, r.nextDouble());
    int inst = r.nextInt(SVC_INSTANCE[s].length);
    String traceId = hex(r.nextLong()) + hex(r.nextLong());
    int userNo = 1 + (int) (N_USERS * Math.pow(r.nextDouble(), 2.5));
    String user = "user_" + userNo;
    String sessionId = hex(mix(userNo * 31L + (t0 / 3_600_000_000L))) + hex(mix(userNo));
    boolean error = r.nextDouble() < ROUTE_ERROR_RATE[s][k];
    String[] err = error ? FAILURES[r.nextInt(FAILURES.length)] : null;
    String method = ROUTE_METHODS[k];
    String noun = SERVICES[s][1];
    String template = ROUTE_SUFFIX[k] == null ? "/health" : "/api/v1/" + noun + ROUTE_SUFFIX[k];
    String entity = Integer.toString(1000 + r.nextInt(900_000));
    String path = template.replace("{id}", entity);
    int status;
    if (error) status = Integer.parseInt(err[3]);
    else if (r.nextDouble() < 0.05) status = OK_4XX[r.nextInt(OK_4XX.length)];
    else status = method.equals("POST") ? 201 : method.equals("DELETE") ? 204 : 200;
    double medianMs = ROUTE_MEDIAN_MS[k] * SVC_LATENCY[s] * (error ? 3 : 1);
    long durNs = lognormalNs(r, medianMs, 0.9);
    String spanId = hex(r.nextLong());
    boolean remote = s != 0 && r.nextDouble() < 0.6;
    String parent = remote ? hex(r.nextLong()) : null;
    String clientIp = (remote ? "10.0." : "203.0.") + (userNo % 200) + "." + (1 + userNo % 250);

    // root SERVER span
    Object[] v = base(r, s, inst, traceId, spanId, parent, remote, user, userNo, sessionId, t0);
    String name = method + " " + template;
    v[NAME] = name;
    v[KIND] = "SERVER";
    spanTiming(r, v, t0, durNs);
    String statusCode = error ? "ERROR" : status < 400 && r.nextDouble() < 0.3 ? "OK" : "UNSET";
    setStatus(v, statusCode, error ? err[1] : null);
    v[A_CLIENT_ADDR] = clientIp;
    v[A_CLIENT_PORT] = 30000 + r.nextInt(30000);
    v[A_SERVER_ADDR] = SERVICES[s][0] + ".internal";
    v[A_SERVER_PORT] = 8080;
    v[A_NET_LOCAL_ADDR] = SVC_LOCAL_IP[s][inst];
    v[A_NET_LOCAL_PORT] = 8080;
    v[A_NET_PEER_ADDR] = clientIp;
    v[A_NET_PEER_PORT] = v[A_CLIENT_PORT];
    v[A_NET_PROTO_NAME] = "http";
    v[A_NET_PROTO_VERSION] = r.nextDouble() < 0.7 ? "1.1" : "2";
    v[A_NET_TRANSPORT] = "tcp";
    v[A_NET_TYPE] = "ipv4";
    code(v, r, s, k, error);
    String query = (k == 0 || k == 7) ? "page=" + (1 + r.nextInt(5)) + "&limit=50" + (k == 7 ? "&q=item" + r.nextInt(100) : "") : null;
    v[A_URL_PATH] = path;
    v[A_URL_QUERY] = query;
    v[A_URL_SCHEME] = "https";
    v[A_URL_FULL] = "https://" + (remote ? SERVICES[s][0] + ".internal:8080" : "api.shop.example") + path + (query == null ? "" : "?" + query);
    v[A_URL_FRAGMENT] = s == 0 && r.nextDouble() < 0.1 ? "reviews" : null;
    v[A_USER_AGENT] = USER_AGENTS[(userNo + (remote ? 3 : 0)) % USER_AGENTS.length];
    v[A_HTTP_METHOD] = method;
    v[A_HTTP_METHOD_ORIG] = r.nextDouble() < 0.001 ? method.toLowerCase() : null;
    v[A_HTTP_STATUS] = status;
    long bodySize = method.equals("GET") || method.equals("DELETE") ? 0 : (long) (200 * Math.exp(r.nextGaussian()));
    v[A_HTTP_BODY_SIZE] = bodySize;
    if (error) errorCols(v, err, s, k);
    // attributes json (nested, OTel semantic-convention keys)
    js.setLength(0);
    js.append("{\"http\":{\"request\":{\"method\":\"").append(method).append("\",\"body\":{\"size\":").append(bodySize)
        .append("}},\"response\":{\"status_code\":").append(status).append("},\"route\":\"").append(template).append("\"}");
    js.append(",\"url\":{\"path\":\"").append(path).append("\",\"scheme\":\"https\"");
    if (query != null) js.append(",\"query\":\"").append(query).append('"');
    js.append("},\"client\":{\"address\":\"").append(clientIp).append("\",\"port\":").append(v[A_CLIENT_PORT]).append('}');
    js.append(",\"server\":{\"address\":\"").append(v[A_SERVER_ADDR]).append("\",\"port\":8080}");
    js.append(",\"network\":{\"protocol\":{\"name\":\"http\",\"version\":\"").append(v[A_NET_PROTO_VERSION])
        .append("\"},\"transport\":\"tcp\",\"type\":\"ipv4\"}");
    js.append(",\"user_agent\":{\"original\":");
    jsonStr(js, (String) v[A_USER_AGENT]);
    js.append("},\"user\":{\"id\":\"").append(user).append("\"},\"session\":{\"id\":\"").append(sessionId).append("\"}");
    appendCodeJson(v);
    if (error) appendExceptionJson(v);
    js.append('}');
    v[ATTRIBUTES] = js.toString();
    v[BODY] = "{\"message\":\"" + name + " -> " + status + "\"}";
    String durText = ms(durNs, 1);
    v[SUMMARY] = new String[] {name, status + "", durText, SERVICES[s][0]};
    finish(v);
    trace.add(v);

    // children: database calls, maybe an internal span, maybe an outgoing HTTP call, maybe a log record
    long cursor = t0 + Math.max(1, durNs / 1000 / 20);
    long rootEnd = t0 + durNs / 1000;
    int dbCalls = k == 9 ? 0 : 1 + r.nextInt(3);
    for (int i = 0; i < dbCalls; i++) {
      boolean dbErr = error && i == dbCalls - 1 && err[0].contains("PSQL");
      Object[] c = base(r, s, inst, traceId, hex(r.nextLong()), spanId, false, user, userNo, sessionId, cursor);
      long d = Math.max(20_000, Math.min(lognormalNs(r, medianMs / 6, 0.8), (rootEnd - cursor) * 1000));
      dbSpan(c, r, s, k, d, dbErr, dbErr ? err : null, cursor);
      trace.add(c);
      cursor += d / 1000 + 50;
    }
    if (r.nextDouble() < 0.4) {
      Object[] c = base(r, s, inst, traceId, hex(r.nextLong()), spanId, false, user, userNo, sessionId, cursor);
      String fn = ROUTE_HANDLER[k];
      c[NAME] = (r.nextBoolean() ? "serialize " : "validate ") + noun + "." + fn;
      c[KIND] = "INTERNAL";
      long d = Math.max(5_000, lognormalNs(r, 0.4, 0.7));
      spanTiming(r, c, cursor, d);
      setStatus(c, "UNSET", null);
      code(c, r, s, k, false);
      js.setLength(0);
      js.append("{\"user\":{\"id\":\"").append(user).append("\"}");
      appendCodeJson(c);
      js.append('}');
      c[ATTRIBUTES] = js.toString();
      c[BODY] = "{\"message\":\"" + c[NAME] + "\"}";
      c[SUMMARY] = new String[] {(String) c[NAME], ms(d, 2)};
      finish(c);
      trace.add(c);
      cursor += d / 1000;
    }
    if (s != 0 && r.nextDouble() < 0.35) {
      int s2 = (s + 1 + r.nextInt(N_SERVICES - 1)) % N_SERVICES;
      int k2 = r.nextInt(3) == 0 ? 7 : 1;
      Object[] c = base(r, s, inst, traceId, hex(r.nextLong()), spanId, false, user, userNo, sessionId, cursor);
      String tpl2 = "/api/v1/" + SERVICES[s2][1] + ROUTE_SUFFIX[k2];
      String path2 = tpl2.replace("{id}", Integer.toString(1000 + r.nextInt(900_000)));
      c[NAME] = "GET " + tpl2;
      c[KIND] = "CLIENT";
      boolean cErr = error && err[3].equals("503");
      int st = cErr ? 503 : 200;
      long d = Math.max(100_000, lognormalNs(r, ROUTE_MEDIAN_MS[k2] * SVC_LATENCY[s2], 0.8));
      spanTiming(r, c, cursor, d);
      setStatus(c, cErr ? "ERROR" : "UNSET", cErr ? err[1] : null);
      String host2 = SERVICES[s2][0] + ".internal";
      c[A_SERVER_ADDR] = host2;
      c[A_SERVER_PORT] = 8080;
      c[A_NET_PEER_ADDR] = SVC_LOCAL_IP[s2][0];
      c[A_NET_PEER_PORT] = 8080;
      c[A_NET_LOCAL_ADDR] = SVC_LOCAL_IP[s][inst];
      c[A_NET_LOCAL_PORT] = 40000 + r.nextInt(20000);
      c[A_NET_PROTO_NAME] = "http";
      c[A_NET_PROTO_VERSION] = "1.1";
      c[A_NET_TRANSPORT] = "tcp";
      c[A_NET_TYPE] = "ipv4";
      c[A_URL_FULL] = "http://" + host2 + ":8080" + path2;
      c[A_URL_PATH] = path2;
      c[A_URL_SCHEME] = "http";
      c[A_HTTP_METHOD] = "GET";
      c[A_HTTP_STATUS] = st;
      c[A_HTTP_RESEND] = r.nextDouble() < 0.03 ? 1 : null;
      c[A_HTTP_BODY_SIZE] = 0L;
      if (cErr) errorCols(c, err, s, k);
      js.setLength(0);
      js.append("{\"http\":{\"request\":{\"method\":\"GET\"");
      if (c[A_HTTP_RESEND] != null) js.append(",\"resend_count\":1");
      js.append("},\"response\":{\"status_code\":").append(st).append("}},\"url\":{\"full\":\"").append(c[A_URL_FULL])
          .append("\"},\"server\":{\"address\":\"").append(host2).append("\",\"port\":8080}");
      js.append(",\"network\":{\"peer\":{\"address\":\"").append(c[A_NET_PEER_ADDR]).append("\",\"port\":8080}}");
      if (cErr) appendExceptionJson(c);
      js.append('}');
      c[ATTRIBUTES] = js.toString();
      c[BODY] = "{\"message\":\"" + c[NAME] + " -> " + st + "\"}";
      c[SUMMARY] = new String[] {(String) c[NAME], st + "", ms(d, 1)};
      finish(c);
      trace.add(c);
    }
    if (error || r.nextDouble() < 0.12) {
      Object[] c = base(r, s, inst, traceId, spanId, null, remote, user, userNo, sessionId, Math.min(rootEnd, endMicros - 1));
      String lvl = error ? "ERROR" : r.nextDouble() < 0.15 ? "WARN" : r.nextDouble() < 0.2 ? "DEBUG" : "INFO";
      String msg = error ? "request failed: " + err[1]
          : lvl.equals("WARN") ? "slow request " + name + " took " + durText
          : lvl.equals("DEBUG") ? "cache miss for " + noun + " " + entity : "handled " + name + " for " + user;
      c[NAME] = "log";
      c[LEVEL] = lvl;
      int sevNum = switch (lvl) { case "ERROR" -> 17; case "WARN" -> 13; case "DEBUG" -> 5; default -> 9; };
      c[SEV_TEXT] = lvl;
      c[SEV_NUM] = sevNum;
      c[SEVERITY] = "{\"severity_text\":\"" + lvl + "\",\"severity_number\":" + sevNum + "}";
      c[OBSERVED] = (Long) c[TIMESTAMP] + 200_000 + r.nextInt(2_000_000);
      String uid = uuid(r.nextLong(), r.nextLong());
      String original = isoTs((Long) c[TIMESTAMP]) + " " + lvl + " [" + SERVICES[s][0] + "] " + msg;
      c[A_LOG_UID] = uid;
      c[A_LOG_ORIGINAL] = original;
      code(c, r, s, k, false);
      if (error) errorCols(c, err, s, k);
      js.setLength(0);
      js.append("{\"log\":{\"record\":{\"uid\":\"").append(uid).append("\",\"original\":");
      jsonStr(js, original);
      js.append("}},\"user\":{\"id\":\"").append(user).append("\"},\"session\":{\"id\":\"").append(sessionId).append("\"}");
      appendCodeJson(c);
      if (error) appendExceptionJson(c);
      js.append('}');
      c[ATTRIBUTES] = js.toString();
      js.setLength(0);
      js.append("{\"message\":");
      jsonStr(js, msg);
      js.append('}');
      c[BODY] = js.toString();
      c[EVENTS] = "[]";
      c[LINKS] = "[]";
      c[SUMMARY] = new String[] {lvl, msg.length() > 60 ? msg.substring(0, 60) : msg};
      finish(c);
      trace.add(c);
    }
  }

  /** Columns common to every row of a trace. */
  private Object[] base(SplittableRandom r, int s, int inst, String traceId, String spanId, String parent,
      boolean remote, String user, int userNo, String sessionId, long ts) {
    Object[] v = new Object[Columns.COUNT];
    v[PROJECT_ID] = traceProject;
    v[TIMESTAMP] = Math.min(ts, endMicros - 1);
    v[ID] = uuid(r.nextLong(), r.nextLong());
    v[PARENT_ID] = parent;
    v[HASHES] = new String[] {"trace:" + traceId, "user:" + user, "session:" + sessionId};
    v[CTX_TRACE_ID] = traceId;
    v[CTX_SPAN_ID] = spanId;
    v[CTX_TRACE_STATE] = remote && (userNo & 3) == 0 ? "vendor=" + hex(mix(userNo)).substring(0, 8) : "";
    v[CTX_TRACE_FLAGS] = "01";
    v[CTX_IS_REMOTE] = remote ? "true" : "false";
    v[CONTEXT] = "{\"trace_id\":\"" + traceId + "\",\"span_id\":\"" + spanId + "\",\"trace_state\":\"" + v[CTX_TRACE_STATE]
        + "\",\"trace_flags\":\"01\",\"is_remote\":" + remote + "}";
    v[A_USER_ID] = user;
    v[A_USER_EMAIL] = "user" + userNo + "@example.com";
    v[A_USER_NAME] = "user" + userNo;
    v[A_USER_FULL_NAME] = FIRST[userNo % FIRST.length] + " " + LAST[(userNo / FIRST.length) % LAST.length];
    v[A_USER_HASH] = hex(mix(userNo * 7919L));
    v[A_SESSION_ID] = sessionId;
    v[A_SESSION_PREV] = (userNo % 17) == 0 ? hex(mix(userNo * 13L)) + hex(mix(userNo * 17L)) : null;
    String[] lang = LANGS[SVC_LANG[s]];
    v[R_SERVICE_NAME] = SERVICES[s][0];
    v[R_SERVICE_VERSION] = SVC_VERSION[s];
    v[R_INSTANCE_ID] = SVC_INSTANCE[s][inst];
    v[R_NAMESPACE] = SVC_NAMESPACE[s];
    v[R_DEPLOY_ENV] = "production";
    v[R_HOST] = SVC_HOST[s][inst];
    v[R_SDK_LANGUAGE] = lang[0];
    v[R_SDK_NAME] = "opentelemetry";
    v[R_SDK_VERSION] = lang[1];
    v[R_USER_AGENT] = null; // only browser/mobile SDKs set a resource-level user agent
    v[RESOURCE] = "{\"service\":{\"name\":\"" + SERVICES[s][0] + "\",\"version\":\"" + SVC_VERSION[s] + "\",\"instance\":{\"id\":\""
        + SVC_INSTANCE[s][inst] + "\"},\"namespace\":\"" + SVC_NAMESPACE[s] + "\"},\"deployment\":{\"environment\":{\"name\":\"production\"}},"
        + "\"host\":{\"name\":\"" + SVC_HOST[s][inst] + "\"},\"telemetry\":{\"sdk\":{\"language\":\"" + lang[0]
        + "\",\"name\":\"opentelemetry\",\"version\":\"" + lang[1] + "\"}}}";
    v[EVENTS] = "[]";
    v[LINKS] = "[]";
    return v;
  }

  private void spanTiming(SplittableRandom r, Object[] v, long startMicros, long durNs) {
    long start = (Long) v[TIMESTAMP];
    v[START_TIME] = start;
    v[END_TIME] = start + durNs / 1000;
    v[DURATION] = durNs;
    v[OBSERVED] = start + durNs / 1000 + 300_000 + (long) (r.nextDouble() * 4_000_000);
    if (r.nextDouble() < 0.02) { // a few spans carry a link to another trace (batch/async consumers)
      v[LINKS] = "[{\"trace_id\":\"" + hex(r.nextLong()) + hex(r.nextLong()) + "\",\"span_id\":\"" + hex(r.nextLong())
          + "\",\"attributes\":{\"messaging.operation\":\"process\"}}]";
    }
  }

  private static void setStatus(Object[] v, String status, String message) {
    v[STATUS_CODE] = status;
    v[STATUS_MESSAGE] = message;
    boolean err = "ERROR".equals(status);
    String lvl = err ? "ERROR" : "INFO";
    int num = err ? 17 : 9;
    v[LEVEL] = lvl;
    v[SEV_TEXT] = lvl;
    v[SEV_NUM] = num;
    v[SEVERITY] = "{\"severity_text\":\"" + lvl + "\",\"severity_number\":" + num + "}";
  }

  private static void code(Object[] v, SplittableRandom r, int s, int k, boolean withStack) {
    String[] lang = LANGS[SVC_LANG[s]];
    String noun = SERVICES[s][1].replace("-", "");
    String cls = Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    v[A_CODE_FILE] = lang[2].replaceFirst("%s", noun).replace("%s", cls);
    v[A_CODE_FUNCTION] = cls + "Controller." + ROUTE_HANDLER[k];
    int line = 20 + ((s * 37 + k * 53) % 400);
    v[A_CODE_LINE] = line;
    v[A_CODE_NUMBER] = line;
    if (withStack) v[A_CODE_STACKTRACE] = "at " + v[A_CODE_FUNCTION] + "(" + v[A_CODE_FILE] + ":" + line + ")";
  }

  private static void errorCols(Object[] v, String[] err, int s, int k) {
    v[A_ERROR_TYPE] = err[2];
    v[A_EXC_TYPE] = err[0];
    v[A_EXC_MESSAGE] = err[1];
    String fn = v[A_CODE_FUNCTION] != null ? (String) v[A_CODE_FUNCTION] : SERVICES[s][1] + "." + ROUTE_HANDLER[k];
    String file = v[A_CODE_FILE] != null ? (String) v[A_CODE_FILE] : "handler";
    String stack = err[0] + ": " + err[1] + "\n\tat " + fn + "(" + file + ":" + (20 + k * 7) + ")\n\tat io.shop.http.Router.dispatch(Router.java:212)\n\tat io.shop.http.Server.handle(Server.java:88)";
    v[A_EXC_STACKTRACE] = stack;
    v[A_CODE_STACKTRACE] = stack;
  }

  private void appendCodeJson(Object[] v) {
    if (v[A_CODE_FUNCTION] == null) return;
    js.append(",\"code\":{\"function\":{\"name\":\"").append(v[A_CODE_FUNCTION]).append("\"},\"file\":{\"path\":\"")
        .append(v[A_CODE_FILE]).append("\"},\"line\":{\"number\":").append(v[A_CODE_LINE]).append("}}");
  }

  private void appendExceptionJson(Object[] v) {
    js.append(",\"error\":{\"type\":");
    jsonStr(js, (String) v[A_ERROR_TYPE]);
    js.append("},\"exception\":{\"type\":");
    jsonStr(js, (String) v[A_EXC_TYPE]);
    js.append(",\"message\":");
    jsonStr(js, (String) v[A_EXC_MESSAGE]);
    js.append(",\"stacktrace\":");
    jsonStr(js, (String) v[A_EXC_STACKTRACE]);
    js.append('}');
  }

  private void dbSpan(Object[] c, SplittableRandom r, int s, int k, long d, boolean err, String[] e, long ts) {
    String system = SVC_DB[s];
    String table = SERVICES[s][1].replace("-", "_");
    String method = ROUTE_METHODS[k];
    String op;
    String text;
    if (system.equals("redis")) {
      op = method.equals("GET") ? "GET" : "SET";
      text = op + " " + table + ":?";
    } else if (system.equals("mongodb")) {
      op = method.equals("GET") ? "find" : method.equals("POST") ? "insert" : method.equals("DELETE") ? "delete" : "update";
      text = null;
    } else {
      op = method.equals("GET") ? "SELECT" : method.equals("POST") ? "INSERT" : method.equals("DELETE") ? "DELETE" : "UPDATE";
      text = switch (op) {
        case "SELECT" -> "SELECT id, status, owner_id, created_at, updated_at FROM " + table + " WHERE id = $1 AND deleted_at IS NULL";
        case "INSERT" -> "INSERT INTO " + table + " (id, owner_id, payload, created_at) VALUES ($1, $2, $3, now())";
        case "DELETE" -> "DELETE FROM " + table + " WHERE id = $1";
        default -> "UPDATE " + table + " SET payload = $2, updated_at = now() WHERE id = $1";
      };
    }
    String summary = op + " " + table;
    c[NAME] = summary;
    c[KIND] = "CLIENT";
    spanTiming(r, c, ts, d);
    setStatus(c, err ? "ERROR" : "UNSET", err ? e[1] : null);
    String dbHost = table.replace("_", "-") + "-" + system + ".internal";
    int port = switch (system) { case "redis" -> 6379; case "mongodb" -> 27017; case "mysql" -> 3306; default -> 5432; };
    c[A_SERVER_ADDR] = dbHost;
    c[A_SERVER_PORT] = port;
    c[A_NET_PEER_ADDR] = "10.1." + (s % 250) + ".10";
    c[A_NET_PEER_PORT] = port;
    c[A_NET_TRANSPORT] = "tcp";
    c[A_NET_TYPE] = "ipv4";
    c[A_DB_SYSTEM] = system;
    c[A_DB_COLLECTION] = table;
    c[A_DB_NAMESPACE] = system.equals("redis") ? "0" : SVC_NAMESPACE[s] + "_" + table;
    c[A_DB_OPERATION] = op;
    c[A_DB_STATUS] = err ? "40001" : null;
    c[A_DB_BATCH] = op.equals("INSERT") && r.nextDouble() < 0.1 ? 2 + r.nextInt(50) : null;
    c[A_DB_SUMMARY] = summary;
    c[A_DB_TEXT] = text;
    if (err) errorCols(c, e, s, k);
    js.setLength(0);
    js.append("{\"db\":{\"system\":{\"name\":\"").append(system).append("\"},\"collection\":{\"name\":\"").append(table)
        .append("\"},\"namespace\":\"").append(c[A_DB_NAMESPACE]).append("\",\"operation\":{\"name\":\"").append(op).append("\"");
    if (c[A_DB_BATCH] != null) js.append(",\"batch\":{\"size\":").append(c[A_DB_BATCH]).append('}');
    js.append("},\"query\":{\"summary\":\"").append(summary).append('"');
    if (text != null) {
      js.append(",\"text\":");
      jsonStr(js, text);
    }
    js.append('}');
    if (err) js.append(",\"response\":{\"status_code\":\"40001\"}");
    js.append("},\"server\":{\"address\":\"").append(dbHost).append("\",\"port\":").append(port).append('}');
    if (err) appendExceptionJson(c);
    js.append('}');
    c[ATTRIBUTES] = js.toString();
    c[BODY] = "{\"message\":\"" + summary + "\"}";
    c[SUMMARY] = new String[] {summary, system, ms(d, 2)};
    finish(c);
  }

  /** events / errors / message size, computed from what is already set. */
  private void finish(Object[] v) {
    if (v[A_EXC_TYPE] != null) {
      js.setLength(0);
      js.append("[{\"name\":\"exception\",\"timestamp\":\"").append(isoTs((Long) v[TIMESTAMP])).append("\",\"attributes\":{\"exception.type\":");
      jsonStr(js, (String) v[A_EXC_TYPE]);
      js.append(",\"exception.message\":");
      jsonStr(js, (String) v[A_EXC_MESSAGE]);
      js.append(",\"exception.stacktrace\":");
      jsonStr(js, (String) v[A_EXC_STACKTRACE]);
      js.append("}}]");
      if (v[KIND] != null) v[EVENTS] = js.toString();
      js.setLength(0);
      js.append("[{\"type\":");
      jsonStr(js, (String) v[A_EXC_TYPE]);
      js.append(",\"message\":");
      jsonStr(js, (String) v[A_EXC_MESSAGE]);
      js.append(",\"stack_trace\":");
      jsonStr(js, (String) v[A_EXC_STACKTRACE]);
      js.append(",\"when\":\"").append(isoTs((Long) v[TIMESTAMP])).append("\"}]");
      v[ERRORS] = js.toString();
    }
    long size = 0;
    for (int i : new int[] {ATTRIBUTES, RESOURCE, BODY, EVENTS, LINKS, CONTEXT}) {
      if (v[i] != null) size += ((String) v[i]).length();
    }
    v[MESSAGE_SIZE] = size;
  }

  // ---------------------------------------------------------------------------------------------
  // SQL rendering

  /**
   * Lean profile: replaces hashes, attributes and resource with what a minimal SDK sends (one tag,
   * 3-4 attribute keys, service name/version + SDK language). Uses no randomness, so the spans stay
   * the same as in the full profile; columns outside {@link #LEAN_COLUMNS} are simply not sent.
   */
  private void leanify(Object[] v) {
    v[HASHES] = new String[] {"trace:" + v[CTX_TRACE_ID]};
    js.setLength(0);
    if (v[A_DB_SYSTEM] != null) { // database CLIENT span
      js.append("{\"db\":{\"system\":{\"name\":\"").append(v[A_DB_SYSTEM]).append("\"},\"operation\":{\"name\":\"")
          .append(v[A_DB_OPERATION]).append("\"},\"collection\":{\"name\":\"").append(v[A_DB_COLLECTION]).append("\"}}}");
    } else if (v[A_HTTP_METHOD] != null) { // HTTP SERVER / CLIENT span
      js.append("{\"http\":{\"request\":{\"method\":\"").append(v[A_HTTP_METHOD]).append("\"},\"response\":{\"status_code\":")
          .append(v[A_HTTP_STATUS]).append("}},\"url\":{\"path\":\"").append(v[A_URL_PATH]).append("\"}");
      if (v[A_ERROR_TYPE] != null) {
        js.append(",\"error\":{\"type\":");
        jsonStr(js, (String) v[A_ERROR_TYPE]);
        js.append('}');
      }
      js.append('}');
    } else { // INTERNAL span or log record
      js.append("{\"code\":{\"function\":{\"name\":\"").append(v[A_CODE_FUNCTION]).append("\"},\"line\":{\"number\":")
          .append(v[A_CODE_LINE]).append("}},\"user\":{\"id\":\"").append(v[A_USER_ID]).append("\"}}");
    }
    v[ATTRIBUTES] = js.toString();
    v[RESOURCE] = "{\"service\":{\"name\":\"" + v[R_SERVICE_NAME] + "\",\"version\":\"" + v[R_SERVICE_VERSION]
        + "\"},\"telemetry\":{\"sdk\":{\"language\":\"" + v[R_SDK_LANGUAGE] + "\"}}}";
  }

  private void writeRow(StringBuilder sb, Object[] v) {
    sb.append('(');
    boolean first = true;
    for (int i : cols) {
      byte t = TYPES[i];
      if (!first) sb.append(", ");
      first = false;
      Object o = v[i];
      if (t == T_DATE) {
        sb.append('\'').append(day((Long) v[TIMESTAMP])).append('\'');
      } else if (o == null) {
        sb.append("NULL");
      } else {
        switch (t) {
          case T_TEXT, T_JSON -> sqlStr(sb, (String) o);
          case T_INT -> sb.append(((Number) o).longValue());
          case T_TS -> { sb.append('\''); ts(sb, (Long) o); sb.append('\''); }
          case T_ARR -> {
            sb.append("ARRAY[");
            String[] a = (String[]) o;
            for (int j = 0; j < a.length; j++) {
              if (j > 0) sb.append(',');
              sqlStr(sb, a[j]);
            }
            sb.append(']');
          }
          default -> throw new IllegalStateException();
        }
      }
    }
    sb.append(')');
  }

  static void sqlStr(StringBuilder sb, String s) {
    sb.append('\'');
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      if (ch == '\'') sb.append('\'');
      sb.append(ch);
    }
    sb.append('\'');
  }

  static void jsonStr(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(ch);
      }
    }
    sb.append('"');
  }

  private String day(long micros) {
    long d = Math.floorDiv(micros, 86_400_000_000L);
    if (d != cachedDay) {
      cachedDay = d;
      cachedDayStr = LocalDate.ofEpochDay(d).toString();
    }
    return cachedDayStr;
  }

  /** {@code YYYY-MM-DD HH:MM:SS.ffffff+00}. */
  private void ts(StringBuilder sb, long micros) {
    sb.append(day(micros)).append(' ');
    long tod = Math.floorMod(micros, 86_400_000_000L);
    long sec = tod / 1_000_000;
    two(sb, (int) (sec / 3600)).append(':');
    two(sb, (int) (sec / 60 % 60)).append(':');
    two(sb, (int) (sec % 60)).append('.');
    String f = Long.toString(tod % 1_000_000 + 1_000_000);
    sb.append(f, 1, 7).append("+00");
  }

  private String isoTs(long micros) {
    StringBuilder sb = new StringBuilder(32);
    ts(sb, micros);
    sb.setCharAt(10, 'T');
    sb.setLength(sb.length() - 3);
    return sb.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder sb, int n) {
    if (n < 10) sb.append('0');
    return sb.append(n);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** Duration in ms with 1 or 2 decimals, e.g. "12.3ms". */
  static String ms(long ns, int decimals) {
    long scale = decimals == 1 ? 10 : 100;
    long v = Math.round(ns / 1e6 * scale);
    String frac = Long.toString(v % scale + scale).substring(1);
    return (v / scale) + "." + frac + "ms";
  }

  private static long lognormalNs(SplittableRandom r, double medianMs, double sigma) {
    return Math.max(1_000L, (long) (medianMs * 1e6 * Math.exp(sigma * r.nextGaussian())));
  }

  private static double[] zipfCdf(int n, double s) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) c[i] = sum += 1 / Math.pow(i + 1, s);
    for (int i = 0; i < n; i++) c[i] /= sum;
    return c;
  }

  private static int pick(double[] cdf, double u) {
    for (int i = 0; i < cdf.length; i++) if (u < cdf[i]) return i;
    return cdf.length - 1;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static String hex(long x) {
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (x & 15)];
      x >>>= 4;
    }
    return new String(c);
  }

  static String uuid(long hi, long lo) {
    hi = (hi & ~0xF000L) | 0x4000L; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    String h = hex(hi), l = hex(lo);
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + l.substring(0, 4) + '-' + l.substring(4);
  }
}
