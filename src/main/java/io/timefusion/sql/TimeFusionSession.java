package io.timefusion.sql;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.pgcatalog.PgCatalog;
import io.timefusion.sql.rewrite.PgParameters;
import io.timefusion.write.CopyLoader;
import io.timefusion.write.InsertStatement;
import io.timefusion.write.UnsupportedInsertException;
import java.sql.ParameterMetaData;
import io.timefusion.query.FileFilter;
import io.timefusion.query.Snapshots;
import io.timefusion.storage.ObjectStore;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBResultSet;

/** One client's SQL session: routes each statement to the write path, DuckDB, or a local answer. */
final class TimeFusionSession implements SqlSession {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TimeFusionSession.class);

  private static final Pattern SET =
      Pattern.compile(
          "(?is)^\\s*set\\s+(?:session\\s+|local\\s+)?(time\\s+zone|[a-z_][a-z0-9_.]*)\\s*(?:=|\\s+to\\s+|\\s+)\\s*(.*?)\\s*;?\\s*$");
  private static final Pattern RESET = Pattern.compile("(?is)^\\s*reset\\s+(time\\s+zone|[a-z_][a-z0-9_.]*)\\s*;?\\s*$");
  private static final Pattern SHOW =
      Pattern.compile("(?is)^\\s*show\\s+(time\\s+zone|transaction\\s+isolation\\s+level|[a-z_][a-z0-9_.]*|all)\\s*;?\\s*$");
  /** {@code SELECT set_config('name', 'value', is_local)}, as pg_dump and some tools set a parameter. */
  private static final Pattern SET_CONFIG =
      Pattern.compile(
          "(?is)^\\s*select\\s+(?:pg_catalog\\s*\\.\\s*)?set_config\\s*\\(\\s*'((?:[^']|'')*)'\\s*,\\s*('(?:[^']|'')*')\\s*,"
              + "\\s*(?:true|false)\\s*\\)\\s*(?:as\\s+\\w+\\s*)?;?\\s*$");

  private static final String BUFFER_SCHEMA = "tf_buffer";

  private final TimeFusionEngine engine;
  private final PgCatalog.Session identity;
  private final Map<String, String> settings = new LinkedHashMap<>();
  /** The connection the next statement runs on (see {@link #connection()}). */
  private SessionConnection conn;
  /** The connection doing this session's work right now, which a cancel interrupts; null between fetches. */
  private volatile SessionConnection active;
  private volatile boolean cancelled;
  /** The settings before the first SET changed them: what RESET goes back to. */
  private Map<String, String> startSettings;
  /** The engine statement the last query description prepared, for the run that follows it. */
  private Described described;

  /**
   * What describing {@code query} prepared in DuckDB: the run that follows at once (a simple query,
   * or Parse then Execute) executes it instead of preparing the statement again, when it runs the
   * same SQL on the same connection, binds none of its views anew and no buffered rows were loaded
   * since. DuckDB does not plan a prepared statement again when a view it reads was replaced, nor
   * when rows go into a table it reads, which its plan may have pruned by the table's statistics.
   */
  private record Described(
      Prepared query, SessionConnection conn, PreparedStatement ps, Map<String, Snapshots.Bound> views, long bufferLoads) {
    boolean runs(SessionConnection c, String sql, Set<String> tables, long loadsNow) {
      if (c != conn || !sql.equals(query.rewritten()) || loadsNow != bufferLoads) return false;
      for (String t : tables) {
        if (t.equals(Snapshots.STATS_VIEW) || c.boundViews.get(t) != views.get(t)) return false;
      }
      return true;
    }
  }

  /** The description of {@code p}, if it was the last one; any other is closed. Used at most once either way. */
  private Described takeDescribed(Prepared p) {
    Described d = described;
    described = null;
    if (d == null || d.query() == p) return d;
    closeQuietly(d.ps());
    return null;
  }

  TimeFusionSession(TimeFusionEngine engine, SessionStartup startup) {
    this.engine = engine;
    settings.putAll(SessionDefaults.reported(engine.serverVersion, startup.user(), startup.applicationName()));
    settings.put("transaction_isolation", "read committed");
    settings.put("search_path", "\"$user\", public");
    settings.put("statement_timeout", "0");
    settings.put("max_identifier_length", "63");
    settings.put("extra_float_digits", "1");
    settings.putAll(PgCatalog.serverSettings(engine.serverVersion));
    this.identity = new PgCatalog.Session(startup.user(), startup.database(), startup.processId(), startup.server(), startup.client());
    try {
      this.conn = SessionConnection.open(engine.duckdb, identity, settings);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /**
   * The connection for a new statement; until the statement ends, a cancel interrupts it. A
   * result still streaming from the current connection (a suspended portal) keeps that
   * connection, since running anything else on it would end the stream: the session continues
   * on a new one.
   */
  private SessionConnection connection() {
    try {
      if (conn.streaming()) {
        SessionConnection next = SessionConnection.open(engine.duckdb, identity, settings);
        conn.handOver();
        conn = next;
      }
      active = conn;
      conn.streamResults(false);
      return conn;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** A statement after parsing: how it runs and what it returns. */
  private record Prepared(
      String sql,
      StatementKind kind,
      int[] paramOids,
      List<ResultColumn> columns,
      InsertStatement insert,
      String rewritten,
      InsertFallback fallback,
      Pruning pruning,
      CopyCommand copy,
      CopyOptions copyOptions,
      CursorStatement cursor,
      NewestRows newest)
      implements PreparedQuery {
    Prepared(String sql, StatementKind kind, int[] paramOids, List<ResultColumn> columns, InsertStatement insert, String rewritten) {
      this(sql, kind, paramOids, columns, insert, rewritten, null, null, null, null, null, null);
    }
  }

  @Override
  public PreparedQuery prepare(String sql, int[] clientOids) {
    try {
      return prepareStatement(sql, clientOids);
    } finally {
      active = null;
    }
  }

  private PreparedQuery prepareStatement(String sql, int[] clientOids) {
    StatementKind kind = StatementKind.of(sql);
    return switch (kind) {
      case INSERT -> {
        try {
          InsertStatement p = InsertStatement.parse(sql, engine.registry);
          yield new Prepared(sql, kind, merge(clientOids, p.paramOids()), List.of(), p, null);
        } catch (UnsupportedInsertException e) {
          InsertFallback f = InsertFallback.of(sql, engine.registry);
          Prepared source = prepareQuery(f.sourceSql, clientOids);
          yield new Prepared(
              sql, kind, source.paramOids(), List.of(), null, source.rewritten(), f, source.pruning(), null, null, null, null);
        }
      }
      case QUERY -> SET_CONFIG.matcher(sql).matches()
          ? new Prepared(sql, StatementKind.SET, new int[0], List.of(new ResultColumn("set_config", PgTypeId.TEXT.oid())), null, null)
          : prepareQuery(sql, clientOids);
      case COPY -> prepareCopy(sql);
      case CURSOR -> prepareCursor(sql, clientOids);
      case SHOW -> new Prepared(sql, kind, new int[0], showColumns(sql), null, null);
      case UNSUPPORTED ->
          throw new PgException(
              SqlState.FEATURE_NOT_SUPPORTED,
              "statement not supported: " + String.join(" ", StatementKind.leadingWords(sql, 2)).toUpperCase(Locale.ROOT)
                  + " (TimeFusion tables are append-only; use INSERT and SELECT)");
      case UNKNOWN -> throw syntaxErrorAtFirstWord(sql);
      case ENGINE_COMMAND ->
          throw new PgException(
              SqlState.INSUFFICIENT_PRIVILEGE,
              "permission denied: " + StatementKind.leadingWords(sql, 1)[0].toUpperCase(Locale.ROOT)
                  + " is a command of the embedded query engine");
      default -> new Prepared(sql, kind, new int[0], List.of(), null, null);
    };
  }

  private static PgException syntaxErrorAtFirstWord(String sql) {
    String first = "";
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (sql.startsWith("--", i)) {
        i = sql.indexOf('\n', i);
        if (i < 0) break;
        continue;
      }
      if (sql.startsWith("/*", i)) {
        i = sql.indexOf("*/", i);
        if (i < 0) break;
        i++;
        continue;
      }
      if (Character.isLetterOrDigit(c) || c == '_') {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) end++;
        first = sql.substring(i, end);
        break;
      }
      if (!Character.isWhitespace(c)) {
        first = String.valueOf(c);
        break;
      }
    }
    return new PgException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + first + "\"");
  }

  /** A query prepared; an error DuckDB raised points at the statement's character it is about, as PostgreSQL's do. */
  private Prepared prepareQuery(String sql, int[] clientOids) {
    try {
      return prepareQueryAsWritten(sql, clientOids);
    } catch (PgException e) {
      throw e.position() == 0 && e.getCause() instanceof SQLException s ? e.atPosition(DuckDbErrors.position(s, sql)) : e;
    }
  }

  private Prepared prepareQueryAsWritten(String sql, int[] clientOids) {
    // The buffer's tables are an implementation detail (and hold every tenant's rows): no client
    // statement may name their schema, however it is quoted or cased.
    if (sql.toLowerCase(Locale.ROOT).contains(BUFFER_SCHEMA)) {
      throw new PgException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for schema " + BUFFER_SCHEMA);
    }
    SessionConnection c = connection();
    takeDescribed(null);
    FileAccessGuard.check(c.duckdb, sql);
    QueryOnlyGuard.check(c.duckdb, sql);
    String rewritten = PgRewriter.rewrite(c.duckdb, sql);
    Pruning pruning = Pruning.analyze(c.duckdb, rewritten, engine.snapshots);
    // a statement DuckDB cannot parse gets DuckDB's error, not the guard's
    if (engine.requireProjectFilter && pruning.understood()) pruning.requireProjectFilter();
    Map<String, FileFilter> filters = pruning.describeOnly();
    try (ObjectStore.Lease fetched = engine.snapshots.prefetch(filters)) {
      engine.snapshots.readGate().lock();
      PreparedStatement ps = null;
      try (ObjectStore.Lease bound = engine.snapshots.bindViews(c.duckdb, c.boundViews, filters, true)) {
        long loads = engine.ingest.bufferLoads();
        ps = BindErrors.prepare(c.duckdb, rewritten);
        if (engine.requireProjectFilter) pruning.requireProjectFilter();
        int[] inferred = paramTypes(ps);
        ResultSetMetaData md = ps.getMetaData();
        TypedParameters typed = isExplain(sql) ? null : typeParameters(rewritten, ps, md, clientOids);
        if (typed != null) {
          try (PreparedStatement retyped = c.duckdb.prepareStatement(typed.described())) {
            return queryOf(c, sql, clientOids, paramTypes(retyped), retyped.getMetaData(), typed.run(), pruning);
          } catch (SQLException e) {
            // DuckDB has no meaning for the declared types there ($1 + 1 with a text $1): as written
          }
        }
        Prepared query = queryOf(c, sql, clientOids, inferred, md, rewritten, pruning);
        described = new Described(query, c, ps, Map.copyOf(c.boundViews), loads);
        ps = null;
        return query;
      } finally {
        closeQuietly(ps);
        engine.snapshots.readGate().unlock();
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    } catch (IOException e) {
      throw storageUnavailable(e);
    }
  }

  private Prepared queryOf(
      SessionConnection c, String sql, int[] clientOids, int[] inferred, ResultSetMetaData md, String rewritten, Pruning pruning)
      throws SQLException {
    List<ResultColumn> cols =
        isExplain(sql) ? List.of(new ResultColumn("QUERY PLAN", PgTypeId.TEXT.oid())) : DuckDbColumns.of(md).columns();
    NewestRows newest = NewestRows.of(c.duckdb, rewritten, engine.registry);
    return new Prepared(
        sql, StatementKind.QUERY, merge(clientOids, inferred), cols, null, rewritten, null, pruning, null, null, null, newest);
  }

  /**
   * A statement whose parameters DuckDB could not type: {@code described} has them cast to the types
   * the client declared (text when it declared none), which DuckDB can describe; {@code run} is what
   * runs, the same except that numeric parameters stay uncast, so that a value keeps its own scale
   * (DuckDB's decimals have one scale per column; PostgreSQL's numeric one per value).
   */
  private record TypedParameters(String described, String run) {}

  /** The statement's typed forms when DuckDB cannot describe its result as written ({@code SELECT $1}); else null. */
  private TypedParameters typeParameters(String rewritten, PreparedStatement ps, ResultSetMetaData md, int[] clientOids)
      throws SQLException {
    boolean describable = true;
    for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
      if (md.getColumnTypeName(i).equals("UNKNOWN")) describable = false;
    }
    if (describable) return null;
    ParameterMetaData pm = ps.getParameterMetaData();
    Map<Integer, String> types = new HashMap<>();
    for (int i = 1; i <= pm.getParameterCount(); i++) {
      if (parameterType(pm, i) != null) continue;
      int oid = i <= clientOids.length ? clientOids[i - 1] : 0;
      PgTypeId scalar = PgTypeId.byOid(oid);
      PgTypeId element = PgTypeId.byArrayOid(oid);
      types.put(i, scalar != null ? scalar.duckdbType() : element != null ? element.duckdbType() + "[]" : "VARCHAR");
    }
    if (types.isEmpty()) return null;
    String described = PgParameters.cast(connection().duckdb, rewritten, types).orElse(null);
    if (described == null) return null;
    String numeric = PgTypeId.NUMERIC.duckdbType();
    if (!types.containsValue(numeric) && !types.containsValue(numeric + "[]")) return new TypedParameters(described, described);
    Map<Integer, String> scaled = new HashMap<>(types);
    scaled.values().removeIf(t -> t.equals(numeric) || t.equals(numeric + "[]"));
    String run = scaled.isEmpty() ? rewritten : PgParameters.cast(connection().duckdb, rewritten, scaled).orElse(null);
    return run == null ? null : new TypedParameters(described, run);
  }

  /** DuckDB's type of parameter {@code i}, or null when it could not infer one. */
  private static String parameterType(ParameterMetaData pm, int i) {
    try {
      String t = pm.getParameterTypeName(i);
      return t == null || t.equals("UNKNOWN") || t.equals("INVALID") ? null : t;
    } catch (SQLException e) {
      return null;
    }
  }

  /**
   * COPY FROM checks its table, columns and options now; COPY TO also prepares its query, whose
   * result columns its options may name. Either way the wire protocol sees a statement without
   * result columns (NoData), as PostgreSQL describes COPY.
   */
  private Prepared prepareCopy(String sql) {
    CopyCommand copy = CopyCommand.parse(sql, engine.registry);
    if (copy.from) {
      return new Prepared(
          sql, StatementKind.COPY, new int[0], List.of(), null, null, null, null, copy, copy.options(copy.columnNames()), null, null);
    }
    Prepared query = prepareQuery(copy.query, new int[0]);
    if (query.paramOids().length > 0) throw new PgException(SqlState.UNDEFINED_PARAMETER, "there is no parameter $1");
    CopyOptions options = copy.options(query.columns().stream().map(ResultColumn::name).toList());
    return new Prepared(
        sql, StatementKind.COPY, new int[0], List.of(), null, query.rewritten(), null, query.pruning(), copy, options, null,
        query.newest());
  }

  /**
   * A DECLARE prepares its query as any query is prepared, through the same guards and rewrites,
   * and describes no rows itself; FETCH, MOVE and CLOSE need nothing from the engine.
   */
  private Prepared prepareCursor(String sql, int[] clientOids) {
    CursorStatement cursor = CursorParser.parse(sql);
    if (!(cursor instanceof CursorStatement.Declare declare)) {
      return new Prepared(sql, StatementKind.CURSOR, new int[0], List.of(), null, null, null, null, null, null, cursor, null);
    }
    if (StatementKind.of(declare.query()) != StatementKind.QUERY || isExplain(declare.query())) {
      throw syntaxErrorAtFirstWord(declare.query());
    }
    Prepared query = prepareQuery(declare.query(), clientOids);
    return new Prepared(
        sql, StatementKind.CURSOR, query.paramOids(), List.of(), null, query.rewritten(), null, query.pruning(), null, null, cursor,
        query.newest());
  }

  /** Data files could not be fetched from the store (S3 unreachable and not cached). */
  private static PgException storageUnavailable(IOException e) {
    return new PgException(SqlState.IO_ERROR, "cannot read table data from storage: " + e.getMessage(), e);
  }

  private static int[] paramTypes(PreparedStatement ps) throws SQLException {
    ParameterMetaData pm = ps.getParameterMetaData();
    int n = pm.getParameterCount();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      String t = parameterType(pm, i + 1);
      out[i] = t == null ? PgTypeId.TEXT.oid() : ResultTypes.oidOf(t);
    }
    return out;
  }


  private static int[] merge(int[] client, int[] inferred) {
    int[] out = inferred.clone();
    for (int i = 0; i < Math.min(client.length, out.length); i++) {
      if (client[i] != 0) out[i] = client[i];
    }
    return out;
  }

  @Override
  public QueryResult execute(PreparedQuery query, List<Object> params) {
    Prepared p = (Prepared) query;
    cancelled = false;
    Described planned = takeDescribed(p);
    try {
      return switch (p.kind()) {
        case INSERT -> insert(p, params);
        case COPY -> copy(p);
        case QUERY -> runQuery(p, params, planned);
        case CURSOR -> {
          if (!(p.cursor() instanceof CursorStatement.Declare)) {
            throw new IllegalStateException("FETCH, MOVE and CLOSE are run by the caller, which keeps the cursors");
          }
          yield runQuery(p, params); // the cursor's rows, open until the caller closes them
        }
        case SET -> p.columns().isEmpty() ? set(p.sql()) : setConfig(p);
        case SHOW -> show(p);
        case BEGIN -> SimpleResult.tag("BEGIN");
        case COMMIT -> SimpleResult.tag("COMMIT");
        case ROLLBACK -> SimpleResult.tag("ROLLBACK");
        case NOOP -> SimpleResult.tag(String.join(" ", StatementKind.leadingWords(p.sql(), 1)).toUpperCase(Locale.ROOT));
        case UNSUPPORTED, UNKNOWN, ENGINE_COMMAND ->
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "statement not supported");
      };
    } finally {
      active = null;
    }
  }

  private QueryResult insert(Prepared p, List<Object> params) {
    if (p.fallback() != null) return insertQueryRows(p, params);
    InsertStatement st = p.insert();
    try (VectorSchemaRoot root = st.bind(params, engine.allocator)) {
      long n = root.getRowCount() == 0 ? 0 : engine.ingest.insert(st.table().name(), root);
      return SimpleResult.tag("INSERT 0 " + n);
    }
  }

  /**
   * An INSERT whose rows DuckDB computes: they are bound as they come, as parameters of VALUES
   * statements of at most 65,535 parameters each (the protocol's bound), and stored as one unit.
   * Like a COPY, the unit is held in memory until its end, so it may take at most the memory one
   * COPY may (54000 past that, never an out-of-memory server).
   */
  private QueryResult insertQueryRows(Prepared p, List<Object> params) {
    InsertFallback target = p.fallback();
    int width = target.columns.size();
    int perChunk = Math.max(1, 65_535 / width);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      InsertStatement full = null;
      List<Object> values = new ArrayList<>(perChunk * width);
      long[] bytes = {0};
      try (QueryResult source = runQuery(p, params)) {
        if (source.columns().size() != width) {
          throw new PgException(
              SqlState.SYNTAX_ERROR,
              "INSERT has " + (source.columns().size() > width ? "more expressions than target columns" : "more target columns than expressions"));
        }
        while (source.next()) {
          for (int i = 0; i < width; i++) values.add(source.get(i));
          if (values.size() < perChunk * width) continue;
          if (full == null) full = target.statementFor(perChunk, engine.registry);
          bindRows(full, values, batches, bytes);
        }
      }
      if (!values.isEmpty()) bindRows(target.statementFor(values.size() / width, engine.registry), values, batches, bytes);
      if (batches.isEmpty()) return SimpleResult.tag("INSERT 0 0");
      long stored = engine.ingest.insert(target.table.name(), batches);
      return SimpleResult.tag("INSERT 0 " + stored);
    } finally {
      for (VectorSchemaRoot b : batches) b.close();
    }
  }

  /**
   * Binds {@code values} into a new batch of {@code batches} and clears them, adding its Arrow
   * bytes to {@code bytes[0]}; 54000 once the batches pass the limit.
   */
  private void bindRows(InsertStatement statement, List<Object> values, List<VectorSchemaRoot> batches, long[] bytes) {
    VectorSchemaRoot batch = statement.bind(values, engine.allocator);
    batches.add(batch);
    values.clear();
    for (var v : batch.getFieldVectors()) bytes[0] += v.getBufferSize();
    if (bytes[0] > engine.maxCopyBytes) {
      throw new PgException(
          SqlState.PROGRAM_LIMIT_EXCEEDED,
          "INSERT is too large: its rows take more than " + (engine.maxCopyBytes >> 20) + " MB in memory, the most one statement may hold",
          "An INSERT is stored all or nothing, so its rows are held in memory until its end.",
          "Insert the rows with several statements, or raise TIMEFUSION_BUFFER_MAX_MEMORY_MB (one statement may hold twice that).",
          null);
    }
  }

  private QueryResult copy(Prepared p) {
    CopyCommand copy = p.copy();
    if (!copy.from) return new QueryCopyOut(runQuery(p, List.of()), p.copyOptions());
    List<ResultColumn> targets = new ArrayList<>(copy.columns.length);
    for (int c : copy.columns) {
      targets.add(new ResultColumn(copy.table.column(c).name(), copy.table.column(c).type().pgOid()));
    }
    CopyLoader loader = new CopyLoader(copy.table, copy.columns, engine.ingest, engine.allocator, engine.maxCopyBytes,
        engine.copyShapes.computeIfAbsent(copy.table.name(), t -> new CopyLoader.Shape()));
    return new TableCopyIn(copy.table.name(), targets, p.copyOptions(), loader, () -> cancelled);
  }

  private QueryResult runQuery(Prepared p, List<Object> params) {
    return runQuery(p, params, null);
  }

  /** @param planned the statement's description, whose engine statement the run may execute */
  private QueryResult runQuery(Prepared p, List<Object> params, Described planned) {
    try {
      return runQuery(p, params, true, planned);
    } catch (ArrowQueryResult.LostError e) {
      // nothing was sent: run it materialized, which reports DuckDB's own error (or its rows)
      log.warn("DuckDB lost the error of a streamed query (reported \"{}\"); running it materialized", e.getMessage());
      return runQuery(p, params, false, null);
    }
  }

  /**
   * Runs a query, streaming its result if {@code mayStream} and its types allow. Its views are
   * bound and it starts under the read gate, so the buffer generations it reads cannot be dropped
   * before it holds them; after that DuckDB keeps them for the running query, and the gate is
   * released: a result streamed for hours never holds up a flush. The data files stay pinned
   * until the result is closed.
   */
  private QueryResult runQuery(Prepared p, List<Object> params, boolean mayStream, Described planned) {
    SessionConnection c = connection();
    PreparedStatement ps = null;
    ObjectStore.Lease bound = ObjectStore.Lease.NONE;
    boolean explain = isExplain(p.sql());
    Long newestBound = null;
    try {
      Map<String, FileFilter> filters = p.pruning() == null ? Map.of() : p.pruning().filters(params, c.duckdb);
      if (!filters.isEmpty()) engine.ingest.loadBuffered();
      ResultSet rs;
      DuckDbColumns columns;
      try (ObjectStore.Lease fetched = engine.snapshots.prefetch(filters)) {
        engine.snapshots.readGate().lock();
        try {
          bound = engine.snapshots.bindViews(c.duckdb, c.boundViews, filters);
          String sql = p.rewritten();
          newestBound = p.newest() == null ? null : probe(c, p.newest(), params);
          if (newestBound != null) {
            // the (k+m)-th newest row is known: only files and row groups at or after it matter
            sql = p.newest().narrowedSql(newestBound);
            filters = narrowed(filters, p.newest(), newestBound);
            ObjectStore.Lease wide = bound;
            bound = engine.snapshots.bindViews(c.duckdb, c.boundViews, filters);
            wide.close();
          }
          boolean reuse = planned != null && planned.runs(c, sql, filters.keySet(), engine.ingest.bufferLoads());
          ps = reuse ? planned.ps() : c.duckdb.prepareStatement(sql);
          bind(c, ps, params);
          boolean stream = mayStream && !explain && DuckDbColumns.of(ps.getMetaData()).streamable();
          c.streamResults(stream);
          if (cancelled) throw new PgException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
          rs = ps.executeQuery();
          columns = DuckDbColumns.of(rs.getMetaData());
          if (stream && !columns.streamable()) {
            // the executed types differ from the prepared ones: read through JDBC, materialized
            rs.close();
            c.streamResults(false);
            rs = ps.executeQuery();
            columns = DuckDbColumns.of(rs.getMetaData());
            stream = false;
          }
          if (stream) c.resultOpened();
        } finally {
          engine.snapshots.readGate().unlock();
        }
      }
      if (explain) {
        try (ObjectStore.Lease done = bound) {
          List<String> scans = new ArrayList<>(engine.snapshots.pruningSummary(filters));
          if (newestBound != null) scans.add(p.newest().describe(newestBound));
          return explain(ps, rs, scans);
        }
      }
      ObjectStore.Lease held = bound;
      if (!c.streaming()) return new DuckDbQueryResult(ps, rs, columns, "SELECT", held::close);
      return ArrowQueryResult.open(
          ps,
          (DuckDBResultSet) rs,
          columns,
          engine.resultMemory,
          () -> active = c,
          () -> active = null,
          () -> cancelled,
          () -> {
            c.resultClosed();
            held.close();
          });
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(ps);
      if (c.streaming()) c.resultClosed();
      bound.close();
      if (e instanceof SQLException sql) throw DuckDbErrors.translate(sql);
      if (e instanceof IOException io) throw storageUnavailable(io);
      throw (RuntimeException) e;
    } finally {
      if (planned != null && planned.ps() != ps) closeQuietly(planned.ps());
    }
  }

  /**
   * The timestamp of the (k+m)-th row a newest-rows query keeps, read through its views as bound;
   * null when it keeps all rows there are.
   */
  private static Long probe(SessionConnection c, NewestRows newest, List<Object> params) throws SQLException {
    c.streamResults(false);
    try (PreparedStatement probe = c.duckdb.prepareStatement(newest.probeSql())) {
      bind(c, probe, params);
      try (ResultSet rs = probe.executeQuery()) {
        return rs.next() ? rs.getObject(1, Long.class) : null;
      }
    }
  }

  private static void bind(SessionConnection c, PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, toDuckDb(c, params.get(i)));
  }

  private static Map<String, FileFilter> narrowed(Map<String, FileFilter> filters, NewestRows newest, long bound) {
    Map<String, FileFilter> out = new HashMap<>(filters);
    for (Map.Entry<String, FileFilter> e : filters.entrySet()) {
      if (e.getKey().equalsIgnoreCase(newest.table())) out.put(e.getKey(), newest.narrow(e.getValue(), bound));
    }
    return out;
  }

  private static Object toDuckDb(SessionConnection c, Object v) throws SQLException {
    if (v instanceof List<?> list) {
      String elem = list.stream().filter(x -> x != null).findFirst().map(TimeFusionSession::duckTypeOf).orElse("VARCHAR");
      if (elem.equals("DECIMAL")) {
        // numeric elements at the largest scale among them (DuckDB's list has one element type)
        int scale = list.stream().filter(x -> x != null).mapToInt(x -> Math.max(((java.math.BigDecimal) x).scale(), 0)).max().orElse(0);
        elem = "DECIMAL(38, " + Math.min(scale, 38) + ")";
      }
      return c.duckdb.createArrayOf(elem, list.toArray());
    }
    if (v instanceof OffsetDateTime o) return o;
    return v;
  }

  private static String duckTypeOf(Object o) {
    if (o instanceof Long) return "BIGINT";
    if (o instanceof Integer || o instanceof Short) return "INTEGER";
    if (o instanceof Double || o instanceof Float) return "DOUBLE";
    if (o instanceof Boolean) return "BOOLEAN";
    if (o instanceof byte[]) return "BLOB";
    if (o instanceof java.time.LocalDate) return "DATE";
    if (o instanceof java.time.LocalDateTime) return "TIMESTAMP";
    if (o instanceof OffsetDateTime) return "TIMESTAMPTZ";
    if (o instanceof java.util.UUID) return "UUID";
    if (o instanceof java.math.BigDecimal) return "DECIMAL";
    return "VARCHAR";
  }

  private static boolean isExplain(String sql) {
    return StatementKind.leadingWords(sql, 1)[0].equals("explain");
  }

  /** PostgreSQL shows a plan as rows of one "QUERY PLAN" text column. */
  private QueryResult explain(PreparedStatement ps, ResultSet rs, List<String> scans) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (String line : scans) rows.add(new Object[] {line});
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      String plan = rs.getString(n);
      if (plan != null) plan.lines().forEach(l -> rows.add(new Object[] {l}));
    }
    rs.close();
    ps.close();
    return new SimpleResult(List.of(new ResultColumn("QUERY PLAN", PgTypeId.TEXT.oid())), rows, "EXPLAIN");
  }

  private QueryResult set(String sql) {
    if (startSettings == null) startSettings = Map.copyOf(settings);
    Matcher reset = RESET.matcher(sql);
    if (reset.matches()) return reset(canonicalSetting(reset.group(1)));
    Matcher m = SET.matcher(sql);
    if (!m.matches()) throw new PgException(SqlState.SYNTAX_ERROR, "syntax error in SET statement");
    apply(canonicalSetting(m.group(1)), m.group(2));
    return SimpleResult.tag("SET");
  }

  /** set_config(name, value, is_local) as a SET for the session (is_local is not told apart); answers the value. */
  private QueryResult setConfig(Prepared p) {
    Matcher m = SET_CONFIG.matcher(p.sql());
    m.matches();
    if (startSettings == null) startSettings = Map.copyOf(settings);
    String name = canonicalSetting(m.group(1).replace("''", "'"));
    apply(name, m.group(2));
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {settings.get(name)});
    return new SimpleResult(p.columns(), rows, "SELECT 1");
  }

  /** Sets a session parameter to {@code raw} (a quoted literal or a bare word) and publishes the settings. */
  private void apply(String name, String raw) {
    String value = raw;
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.substring(1, value.length() - 1).replace("''", "'");
    }
    if (name.equals(StatementTimeout.NAME)) value = StatementTimeout.show(StatementTimeout.parseMillis(value));
    if (name.equals("TimeZone")) {
      String v = value.toUpperCase(Locale.ROOT);
      if (!(v.equals("UTC") || v.equals("GMT") || v.equals("ETC/UTC") || v.equals("Z") || v.equals("0") || v.equals("LOCAL") || v.equals("DEFAULT"))) {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "TimeFusion sessions run in UTC; time zone '" + value + "' is not supported");
      }
      value = "UTC";
    }
    settings.put(name, value);
    try {
      PgCatalog.publishSettings(connection().duckdb, settings);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** RESET name / RESET ALL: back to the session's start (a pooled connection must not keep a statement_timeout). */
  private QueryResult reset(String name) {
    if (name.equals("all")) {
      settings.clear();
      settings.putAll(startSettings);
    } else if (startSettings.containsKey(name)) {
      settings.put(name, startSettings.get(name));
    } else {
      settings.remove(name);
    }
    try {
      PgCatalog.publishSettings(connection().duckdb, settings); // current_setting() and pg_settings follow
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
    return SimpleResult.tag("RESET");
  }

  private static String canonicalSetting(String raw) {
    String n = raw.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return switch (n) {
      case "time zone", "timezone" -> "TimeZone";
      case "datestyle" -> "DateStyle";
      case "transaction isolation level" -> "transaction_isolation";
      default -> n;
    };
  }

  private List<ResultColumn> showColumns(String sql) {
    Matcher m = SHOW.matcher(sql);
    if (!m.matches()) throw new PgException(SqlState.SYNTAX_ERROR, "syntax error in SHOW statement");
    String name = m.group(1);
    if (name.equalsIgnoreCase("all")) {
      return List.of(
          new ResultColumn("name", PgTypeId.TEXT.oid()),
          new ResultColumn("setting", PgTypeId.TEXT.oid()),
          new ResultColumn("description", PgTypeId.TEXT.oid()));
    }
    return List.of(new ResultColumn(canonicalSetting(name).toLowerCase(Locale.ROOT), PgTypeId.TEXT.oid()));
  }

  private QueryResult show(Prepared p) {
    Matcher m = SHOW.matcher(p.sql());
    m.matches();
    String name = m.group(1);
    List<Object[]> rows = new ArrayList<>();
    if (name.equalsIgnoreCase("all")) {
      settings.forEach((k, v) -> rows.add(new Object[] {k, v, ""}));
    } else {
      String key = canonicalSetting(name);
      String value =
          settings.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase(key))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow(() -> new PgException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\""));
      rows.add(new Object[] {value});
    }
    return new SimpleResult(p.columns(), rows, "SHOW");
  }

  @Override
  public void cancel() {
    cancelled = true;
    SessionConnection working = active;
    if (working != null) working.interrupt();
  }

  @Override
  public long statementTimeoutMillis() {
    return StatementTimeout.parseMillis(settings.get(StatementTimeout.NAME));
  }

  @Override
  public void close() {
    takeDescribed(null);
    // a result still streaming (its portal not yet closed) closes its connection itself
    if (conn.streaming()) conn.handOver();
    else conn.close();
  }

  private static void closeQuietly(Statement s) {
    if (s == null) return;
    try {
      s.close();
    } catch (SQLException ignored) {
      // nothing to recover
    }
  }
}
