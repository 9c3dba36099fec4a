package io.timefusion.write;

import static io.timefusion.write.SqlLexer.*;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent parser for the INSERT forms TimeFusion ingests itself. Bare literals in VALUES
 * go straight from the statement text into the column stores; anything else is a small
 * expression (constant or parameter, with casts) evaluated once at parse time.
 */
final class InsertParser {
  /** A SQL type with an optional array marker. */
  record TypeRef(PgType base, boolean array) {
    int oid() {
      return array ? base.id.arrayOid() : base.id.oid();
    }

    String displayName() {
      return array ? base.id.displayName() + "[]" : base.id.displayName();
    }
  }

  /** A value expression: a constant folded at parse time, or a parameter. */
  sealed interface Expr permits Const, Param {
    Object value(List<Object> params);
  }

  record Const(Object value, TypeRef type) implements Expr {
    @Override
    public Object value(List<Object> params) {
      return value;
    }
  }

  /** Parameter {@code $n} (index n-1), with the type of its explicit cast or null. */
  record Param(int index, TypeRef cast) implements Expr {
    @Override
    public Object value(List<Object> params) {
      return params.get(index);
    }
  }

  private static final TypeRef UNKNOWN = new TypeRef(PgType.UNKNOWN, false);

  private final SqlLexer lx;
  private final char[] s;
  private final SchemaRegistry registry;
  private TableSchema table;
  private int[] paramOids = new int[0];

  InsertParser(String sql, SchemaRegistry registry) {
    this.lx = new SqlLexer(sql);
    this.s = lx.s;
    this.registry = registry;
  }

  InsertStatement parse() {
    lx.next();
    expectKeyword("insert");
    expectKeyword("into");
    table = tableName();
    if (lx.isKeyword("as")) {
      lx.next();
      lx.identifier();
      lx.next();
    }
    int[] targets = null;
    if (lx.type == LPAREN) targets = columnList();
    InsertStatement.Source source;
    if (lx.isKeyword("values")) {
      lx.next();
      source = values(targets);
    } else if (lx.isKeyword("select")) {
      lx.next();
      source = select(targets);
    } else if (lx.isKeyword("default")) {
      lx.next();
      expectKeyword("values");
      targets = new int[0];
      source = new InsertStatement.ValuesSource(new ColumnValues[0], 1);
    } else if (lx.isKeyword("overriding") || lx.type == LPAREN || lx.isKeyword("with") || lx.isKeyword("table")) {
      throw new UnsupportedInsertException("INSERT source not supported by the fast path");
    } else throw lx.unexpected();
    if (lx.isKeyword("on")) onConflict();
    if (lx.isKeyword("returning")) {
      throw new UnsupportedInsertException(lx.text().toUpperCase() + " is not supported by the fast path");
    }
    if (lx.type == SEMI) lx.next();
    if (lx.type != EOF) {
      if (lx.type == IDENT || lx.type == OP) throw new UnsupportedInsertException("unsupported INSERT clause at \"" + lx.text() + "\"");
      throw lx.unexpected();
    }
    if (source instanceof InsertStatement.ValuesSource v) {
      targets = new int[v.columns().length];
      for (int i = 0; i < targets.length; i++) targets[i] = v.columns()[i].column;
    } else if (source instanceof InsertStatement.UnnestSource u) {
      targets = u.columns();
    }
    return new InsertStatement(table, targets, paramOids, source);
  }

  /**
   * {@code ON CONFLICT DO NOTHING}: the tables have no unique constraint, so no row conflicts and
   * every row is inserted, as in PostgreSQL. A conflict target names a constraint that cannot
   * exist (42P10), and {@code DO UPDATE} needs one (42601), as PostgreSQL answers.
   */
  private void onConflict() {
    lx.next();
    expectKeyword("conflict");
    if (lx.type == LPAREN || lx.isKeyword("on")) {
      throw new PgException(SqlState.INVALID_COLUMN_REFERENCE,
          "there is no unique or exclusion constraint matching the ON CONFLICT specification");
    }
    expectKeyword("do");
    if (lx.isKeyword("update")) {
      throw new PgException(SqlState.SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference specification or constraint name");
    }
    expectKeyword("nothing");
  }

  // ---- table and columns ----

  private TableSchema tableName() {
    List<String> parts = new ArrayList<>(3);
    List<Boolean> quoted = new ArrayList<>(3);
    while (true) {
      if (lx.type != IDENT && lx.type != QIDENT) throw lx.unexpected();
      quoted.add(lx.type == QIDENT);
      parts.add(lx.identifier());
      lx.next();
      if (lx.type != DOT) break;
      lx.next();
    }
    String name = parts.get(parts.size() - 1);
    String qualified = String.join(".", parts);
    if (parts.size() > 3) throw new PgException(SqlState.SYNTAX_ERROR, "improper qualified name (too many dotted names): " + qualified);
    boolean schemaOk = parts.size() == 1 || parts.get(parts.size() - 2).equals("public");
    if (!schemaOk || !name.equals(name.toLowerCase())) {
      throw new PgException(SqlState.UNDEFINED_TABLE, "relation \"" + qualified + "\" does not exist");
    }
    return registry
        .table(name)
        .orElseThrow(() -> new PgException(SqlState.UNDEFINED_TABLE, "relation \"" + qualified + "\" does not exist"));
  }

  private int[] columnList() {
    lx.next();
    List<Integer> cols = new ArrayList<>();
    boolean[] seen = new boolean[table.columns().size()];
    while (true) {
      if (lx.type != IDENT && lx.type != QIDENT) throw lx.unexpected();
      String name = lx.identifier();
      int c = table.indexOf(name);
      if (c < 0) {
        throw new PgException(
            SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + table.name() + "\" does not exist");
      }
      if (seen[c]) throw new PgException(SqlState.DUPLICATE_COLUMN, "column \"" + name + "\" specified more than once");
      seen[c] = true;
      cols.add(c);
      lx.next();
      if (lx.type == DOT || lx.type == LBRACKET) throw new UnsupportedInsertException("assignment to a field or element of a column");
      if (lx.type == RPAREN) break;
      expect(COMMA);
      lx.next();
    }
    lx.next();
    return cols.stream().mapToInt(Integer::intValue).toArray();
  }

  private ColumnDef targetColumn(int[] targets, int i) {
    int n = targets == null ? table.columns().size() : targets.length;
    if (i >= n) throw new PgException(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns");
    return table.column(targets == null ? i : targets[i]);
  }

  private ColumnValues[] stores(int[] targets, int count) {
    ColumnValues[] out = new ColumnValues[count];
    for (int i = 0; i < count; i++) {
      ColumnDef d = targetColumn(targets, i);
      out[i] = new ColumnValues(table.indexOf(d.name()), d.name(), d.type());
    }
    return out;
  }

  private void checkArity(int[] targets, int count) {
    if (targets != null && count < targets.length) {
      throw new PgException(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions");
    }
  }

  // ---- VALUES ----

  private InsertStatement.Source values(int[] targets) {
    ColumnValues[] cols = null;
    int rows = 0;
    List<ColumnValues> first = new ArrayList<>();
    int valuesStart = lx.start;
    do {
      if (rows > 0) lx.next(); // the comma between rows
      expect(LPAREN);
      lx.next();
      int i = 0;
      while (true) {
        ColumnValues cv;
        if (cols == null) {
          ColumnDef d = targetColumn(targets, i);
          cv = new ColumnValues(table.indexOf(d.name()), d.name(), d.type());
          first.add(cv);
        } else {
          if (i >= cols.length) throw new PgException(SqlState.SYNTAX_ERROR, "VALUES lists must all be the same length");
          cv = cols[i];
        }
        cell(cv);
        i++;
        if (lx.type == RPAREN) break;
        expect(COMMA);
        lx.next();
      }
      if (cols == null) {
        cols = first.toArray(new ColumnValues[0]);
        checkArity(targets, cols.length);
        int rowChars = Math.max(lx.end - valuesStart, 1);
        int estimate = (s.length - valuesStart) / rowChars + 1;
        for (ColumnValues c : cols) c.reserve(estimate);
      } else if (i != cols.length) {
        throw new PgException(SqlState.SYNTAX_ERROR, "VALUES lists must all be the same length");
      }
      rows++;
      lx.next();
    } while (lx.type == COMMA);
    return new InsertStatement.ValuesSource(cols, rows);
  }

  /** One value of a VALUES row: bare literals go straight into the store. */
  private void cell(ColumnValues cv) {
    int t = lx.type;
    if (t == STRING) {
      int from = lx.start, to = lx.end, flags = lx.flags;
      lx.next();
      if (lx.type == COMMA || lx.type == RPAREN) {
        cv.appendString(s, from, to, flags == 0, lx, flags);
        return;
      }
      storeExpr(cv, postfix(new Const(lx.stringValue(from, to, flags), UNKNOWN)));
      return;
    }
    if (t == NUMBER || ((t == MINUS || t == PLUS) && peekNumber())) {
      int from = lx.start;
      if (t != NUMBER) {
        lx.next();
        if (lx.start != from + 1) { // "- 5": not one literal, let the expression path negate it
          lx.pos = from + 1;
          lx.type = t;
          storeExpr(cv, expr());
          return;
        }
      }
      int to = lx.end;
      boolean decimal = (lx.flags & F_DECIMAL) != 0;
      lx.next();
      if (lx.type == COMMA || lx.type == RPAREN) {
        int f = s[from] == '+' ? from + 1 : from;
        cv.appendNumber(s, f, to, decimal);
        return;
      }
      storeExpr(cv, postfix(number(s[from] == '+' ? from + 1 : from, to, decimal)));
      return;
    }
    if (t == IDENT && (lx.isKeyword("null") || lx.isKeyword("default"))) {
      lx.next();
      if (lx.type == COMMA || lx.type == RPAREN) {
        cv.appendNull();
        return;
      }
      storeExpr(cv, postfix(new Const(null, UNKNOWN)));
      return;
    }
    storeExpr(cv, expr());
  }

  private boolean peekNumber() {
    int p = lx.end;
    while (p < s.length && Character.isWhitespace(s[p])) p++;
    return p < s.length && (SqlLexer.isDigit(s[p]) || (s[p] == '.' && p + 1 < s.length && SqlLexer.isDigit(s[p + 1])));
  }

  private void storeExpr(ColumnValues cv, Expr e) {
    endOfItem();
    if (e instanceof Param p) {
      inferParam(p, cv.type.pgOid());
      cv.appendParam(p.index());
    } else {
      cv.appendConst(((Const) e).value());
    }
  }

  /** After a value, only ',' or ')' (or the end of a SELECT list) may follow. */
  private void endOfItem() {
    int t = lx.type;
    if (t == COMMA || t == RPAREN || t == EOF || t == SEMI) return;
    if (t == IDENT && (lx.isKeyword("as") || lx.isKeyword("on") || lx.isKeyword("returning") || lx.isKeyword("from"))) return;
    throw new UnsupportedInsertException("expression not supported by the fast path at \"" + lx.text() + "\"");
  }

  private void inferParam(Param p, int columnOid) {
    if (p.index() >= paramOids.length) paramOids = Arrays.copyOf(paramOids, p.index() + 1);
    if (paramOids[p.index()] == 0) paramOids[p.index()] = p.cast() != null ? p.cast().oid() : columnOid;
  }

  // ---- SELECT ----

  private InsertStatement.Source select(int[] targets) {
    if (lx.type == STAR) {
      lx.next();
      expectKeyword("from");
      if (!lx.isKeyword("unnest")) throw new UnsupportedInsertException("INSERT ... SELECT * FROM other than unnest(...)");
      lx.next();
      expect(LPAREN);
      lx.next();
      List<Expr> args = new ArrayList<>();
      while (true) {
        args.add(expr());
        if (lx.type == RPAREN) break;
        expect(COMMA);
        lx.next();
      }
      lx.next();
      skipAlias(true);
      boolean[] unnest = new boolean[args.size()];
      Arrays.fill(unnest, true);
      return unnestSource(targets, args, unnest);
    }
    List<Expr> items = new ArrayList<>();
    List<Boolean> unnest = new ArrayList<>();
    while (true) {
      if (lx.isKeyword("unnest") && peekChar('(')) {
        lx.next();
        lx.next();
        items.add(expr());
        expect(RPAREN);
        lx.next();
        unnest.add(true);
      } else {
        items.add(expr());
        unnest.add(false);
      }
      endOfItem();
      skipAlias(false);
      if (lx.type != COMMA) break;
      lx.next();
    }
    if (lx.isKeyword("from") || lx.isKeyword("where")) throw new UnsupportedInsertException("INSERT ... SELECT ... FROM");
    boolean[] u = new boolean[unnest.size()];
    boolean any = false;
    for (int i = 0; i < u.length; i++) any |= u[i] = unnest.get(i);
    if (any) return unnestSource(targets, items, u);
    ColumnValues[] cols = stores(targets, items.size());
    checkArity(targets, cols.length);
    for (int i = 0; i < cols.length; i++) {
      Expr e = items.get(i);
      if (e instanceof Param p) {
        inferParam(p, cols[i].type.pgOid());
        cols[i].appendParam(p.index());
      } else cols[i].appendConst(((Const) e).value());
    }
    return new InsertStatement.ValuesSource(cols, 1);
  }

  private boolean peekChar(char c) {
    int p = lx.end;
    while (p < s.length && Character.isWhitespace(s[p])) p++;
    return p < s.length && s[p] == c;
  }

  private void skipAlias(boolean withColumns) {
    if (lx.isKeyword("as")) lx.next();
    else if (lx.type != IDENT && lx.type != QIDENT || lx.isKeyword("on") || lx.isKeyword("returning") || lx.isKeyword("from") || lx.isKeyword("with") || lx.isKeyword("where")) return;
    if (lx.type != IDENT && lx.type != QIDENT) throw lx.unexpected();
    lx.next();
    if (withColumns && lx.type == LPAREN) {
      do {
        lx.next();
        if (lx.type != IDENT && lx.type != QIDENT) throw lx.unexpected();
        lx.next();
      } while (lx.type == COMMA);
      expect(RPAREN);
      lx.next();
    }
  }

  private InsertStatement.Source unnestSource(int[] targets, List<Expr> items, boolean[] unnest) {
    int[] cols = new int[items.size()];
    for (int i = 0; i < cols.length; i++) {
      ColumnDef d = targetColumn(targets, i);
      cols[i] = table.indexOf(d.name());
      Expr e = items.get(i);
      if (e instanceof Param p) {
        inferParam(p, unnest[i] ? d.type().pgType().arrayOid() : d.type().pgOid());
      } else if (unnest[i] && ((Const) e).value() != null && !(((Const) e).value() instanceof List<?>) && !(((Const) e).value() instanceof String)) {
        throw new PgException(SqlState.UNDEFINED_FUNCTION, "function unnest(" + ((Const) e).type().displayName() + ") does not exist");
      }
    }
    checkArity(targets, cols.length);
    return new InsertStatement.UnnestSource(cols, items.toArray(new Expr[0]), unnest);
  }

  // ---- expressions ----

  private Expr expr() {
    return postfix(primary());
  }

  private Expr primary() {
    int t = lx.type;
    switch (t) {
      case STRING -> {
        Const c = new Const(lx.stringValue(), UNKNOWN);
        lx.next();
        return c;
      }
      case NUMBER -> {
        Expr e = number(lx.start, lx.end, (lx.flags & F_DECIMAL) != 0);
        lx.next();
        return e;
      }
      case MINUS, PLUS -> {
        lx.next();
        Expr e = postfix(primary());
        if (t == PLUS) return e;
        if (e instanceof Const c && c.value() instanceof Long l) return new Const(-l, c.type());
        if (e instanceof Const c && c.value() instanceof BigDecimal d) return new Const(d.negate(), c.type());
        if (e instanceof Const c && c.value() instanceof Double d) return new Const(-d, c.type());
        throw new UnsupportedInsertException("unary minus on a non-numeric value");
      }
      case PARAM -> {
        int n;
        try {
          n = Integer.parseInt(lx.text());
        } catch (NumberFormatException ex) {
          n = 0;
        }
        if (n < 1 || n > 65535) throw new PgException(SqlState.UNDEFINED_OBJECT, "there is no parameter $" + lx.text());
        lx.next();
        return new Param(n - 1, null);
      }
      case LPAREN -> {
        lx.next();
        Expr e = expr();
        expect(RPAREN);
        lx.next();
        return e;
      }
      case IDENT -> {
        return keywordPrimary();
      }
      default -> throw new UnsupportedInsertException("expression not supported by the fast path at \"" + lx.text() + "\"");
    }
  }

  private Expr keywordPrimary() {
    if (lx.isKeyword("null") || lx.isKeyword("default")) {
      lx.next();
      return new Const(null, UNKNOWN);
    }
    if (lx.isKeyword("true") || lx.isKeyword("false")) {
      boolean v = lx.isKeyword("true");
      lx.next();
      return new Const(v, new TypeRef(PgType.BOOL, false));
    }
    if (lx.isKeyword("array")) {
      lx.next();
      return arrayConstructor();
    }
    if (lx.isKeyword("cast")) {
      lx.next();
      expect(LPAREN);
      lx.next();
      Expr e = expr();
      expectKeyword("as");
      TypeRef type = typeName();
      expect(RPAREN);
      lx.next();
      return cast(e, type);
    }
    // a typed literal: TIMESTAMP '2025-01-01', DATE '...', TIMESTAMP WITH TIME ZONE '...'
    int saveStart = lx.start, saveEnd = lx.end;
    if (PgType.byName(lx.identifier()) != null || lx.isKeyword("double") || lx.isKeyword("character")) {
      TypeRef type = typeName();
      if (lx.type == STRING && !type.array()) {
        Const c = new Const(lx.stringValue(), UNKNOWN);
        lx.next();
        return cast(c, type);
      }
      throw new UnsupportedInsertException("expression not supported by the fast path at \"" + new String(s, saveStart, saveEnd - saveStart) + "\"");
    }
    if (peekChar('(')) {
      throw new UnsupportedInsertException("function " + lx.identifier() + "() is evaluated by the query engine");
    }
    throw new UnsupportedInsertException("expression not supported by the fast path at \"" + lx.text() + "\"");
  }

  private Expr arrayConstructor() {
    expect(LBRACKET);
    lx.next();
    List<Object> values = new ArrayList<>();
    PgType element = PgType.UNKNOWN;
    if (lx.type != RBRACKET) {
      while (true) {
        if (lx.isKeyword("array") || lx.type == LBRACKET) throw new UnsupportedInsertException("multi-dimensional arrays");
        Expr e = expr();
        if (!(e instanceof Const c)) throw new UnsupportedInsertException("parameters inside ARRAY[...]");
        if (c.type().array()) throw new UnsupportedInsertException("multi-dimensional arrays");
        values.add(c.value());
        if (c.value() != null) element = commonType(element, c.type().base());
        if (lx.type == RBRACKET) break;
        expect(COMMA);
        lx.next();
      }
    }
    lx.next();
    if (element == PgType.UNKNOWN) element = PgType.TEXT; // PostgreSQL resolves unknown literals as text
    List<Object> out = new ArrayList<>(values.size());
    TypeRef from = new TypeRef(element, false);
    for (Object v : values) out.add(v == null ? null : castValue(v, UNKNOWN, from));
    return new Const(out, new TypeRef(element, true));
  }

  private static PgType commonType(PgType a, PgType b) {
    if (a == PgType.UNKNOWN || a == b) return b;
    if (b == PgType.UNKNOWN) return a;
    boolean na = isNumeric(a), nb = isNumeric(b);
    if (na && nb) {
      if (a == PgType.FLOAT8 || b == PgType.FLOAT8 || a == PgType.FLOAT4 || b == PgType.FLOAT4) return PgType.FLOAT8;
      if (a == PgType.NUMERIC || b == PgType.NUMERIC) return PgType.NUMERIC;
      return PgType.INT8;
    }
    if (a.isText() && b.isText()) return PgType.TEXT;
    throw new PgException(SqlState.DATATYPE_MISMATCH, "ARRAY types " + a.id.displayName() + " and " + b.id.displayName() + " cannot be matched");
  }

  private static boolean isNumeric(PgType t) {
    return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8 || t == PgType.NUMERIC || t == PgType.FLOAT4 || t == PgType.FLOAT8;
  }

  private Expr number(int from, int to, boolean decimal) {
    String text = new String(s, from, to - from).replace(" ", "");
    if (!decimal) {
      try {
        long v = Long.parseLong(text);
        return new Const(v, new TypeRef(v == (int) v ? PgType.INT4 : PgType.INT8, false));
      } catch (NumberFormatException e) {
        // too large for bigint: numeric
      }
    }
    return new Const(new BigDecimal(text), new TypeRef(PgType.NUMERIC, false));
  }

  private Expr postfix(Expr e) {
    while (lx.type == CAST) {
      lx.next();
      e = cast(e, typeName());
    }
    if (lx.type == LBRACKET) throw new UnsupportedInsertException("array subscripts");
    return e;
  }

  private TypeRef typeName() {
    if (lx.type != IDENT && lx.type != QIDENT) throw lx.unexpected();
    String name = lx.identifier();
    lx.next();
    PgType base;
    if (name.equals("double")) {
      expectKeyword("precision");
      base = PgType.FLOAT8;
    } else if (name.equals("character") && lx.isKeyword("varying")) {
      lx.next();
      base = PgType.VARCHAR;
    } else if (name.equals("timestamp") && (lx.isKeyword("with") || lx.isKeyword("without"))) {
      boolean with = lx.isKeyword("with");
      lx.next();
      expectKeyword("time");
      expectKeyword("zone");
      base = with ? PgType.TIMESTAMPTZ : PgType.TIMESTAMP;
    } else {
      base = PgType.byName(name);
      if (base == null) throw new UnsupportedInsertException("type " + name + " is not supported by the fast path");
    }
    if (lx.type == LPAREN) throw new UnsupportedInsertException("type modifiers");
    boolean array = false;
    while (lx.type == LBRACKET) {
      lx.next();
      if (lx.type == NUMBER) lx.next();
      expect(RBRACKET);
      lx.next();
      if (array) throw new UnsupportedInsertException("multi-dimensional arrays");
      array = true;
    }
    return new TypeRef(base, array);
  }

  private Expr cast(Expr e, TypeRef to) {
    if (e instanceof Param p) {
      if (p.cast() != null) throw new UnsupportedInsertException("a parameter cast twice");
      return new Param(p.index(), to);
    }
    Const c = (Const) e;
    if (c.value() == null) return new Const(null, to);
    try {
      return new Const(castValue(c.value(), c.type(), to), to);
    } catch (ValueException ex) {
      if (ex.state == SqlState.DATATYPE_MISMATCH) {
        throw new PgException(SqlState.DATATYPE_MISMATCH, "cannot cast type " + ex.expressionType + " to " + to.displayName());
      }
      throw ex.plain();
    } catch (ArithmeticException ex) {
      throw new PgException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
    }
  }

  /** An explicit cast of a constant, as PostgreSQL evaluates it. */
  private static Object castValue(Object v, TypeRef from, TypeRef to) {
    if (to.array()) {
      List<?> in;
      TypeRef elementFrom;
      if (v instanceof List<?> l) {
        in = l;
        elementFrom = new TypeRef(from.base(), false);
      } else if (v instanceof String str && from.base() != PgType.JSON && from.base() != PgType.JSONB) {
        char[] c = str.toCharArray();
        in = TextInput.parseArray(c, 0, c.length);
        elementFrom = UNKNOWN;
      } else throw ValueException.mismatch(from.displayName());
      TypeRef elementTo = new TypeRef(to.base(), false);
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) out.add(o == null ? null : castValue(o, elementFrom, elementTo));
      return out;
    }
    if (v instanceof List<?> && !to.base().isText()) throw ValueException.mismatch(from.displayName());
    return switch (to.base()) {
      case TEXT, VARCHAR, UNKNOWN -> Coercion.toText(v);
      case INT2 -> {
        long l = v instanceof Boolean b ? (b ? 1 : 0) : Coercion.toLong(v, true);
        if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) throw new ValueException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "smallint out of range", null);
        yield l;
      }
      case INT4 -> v instanceof Boolean b ? (b ? 1L : 0L) : (Object) Coercion.toLong(v, true);
      case INT8 -> Coercion.toLong(v, false);
      case FLOAT8 -> Coercion.toDouble(v);
      case FLOAT4 -> (double) (float) Coercion.toDouble(v);
      case NUMERIC -> {
        if (v instanceof BigDecimal d) yield d;
        if (v instanceof Long l) yield BigDecimal.valueOf(l);
        if (v instanceof Double d) yield BigDecimal.valueOf(d);
        if (v instanceof String str) {
          try {
            yield new BigDecimal(str.trim());
          } catch (NumberFormatException ex) {
            throw ValueException.syntax("numeric", str);
          }
        }
        throw ValueException.mismatch(from.displayName());
      }
      case BOOL -> v instanceof Long l ? (Object) (l != 0) : Coercion.toBool(v);
      case DATE -> LocalDate.ofEpochDay(Coercion.toDate(v));
      case TIMESTAMP -> {
        long micros;
        if (v instanceof String str) {
          char[] c = str.toCharArray();
          micros = TextInput.parseTimestamp(c, 0, c.length, false);
        } else micros = Coercion.toMicros(v);
        yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
      }
      case TIMESTAMPTZ -> {
        long micros = Coercion.toMicros(v);
        yield OffsetDateTime.of(
            LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC),
            ZoneOffset.UTC);
      }
      case JSON, JSONB -> {
        if (!(v instanceof String)) throw ValueException.mismatch(from.displayName());
        yield Coercion.toJson(v);
      }
      case UUID -> {
        if (!(v instanceof String str)) throw ValueException.mismatch(from.displayName());
        char[] c = str.toCharArray();
        yield TextInput.parseUuid(c, 0, c.length);
      }
    };
  }

  // ---- helpers ----

  private void expect(int type) {
    if (lx.type != type) throw lx.unexpected();
  }

  private void expectKeyword(String kw) {
    if (!lx.isKeyword(kw)) throw lx.unexpected();
    lx.next();
  }
}
