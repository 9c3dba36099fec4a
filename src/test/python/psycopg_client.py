"""psycopg 3 against a running TimeFusion server; the PG* environment variables say where.

Run by io.timefusion.it.PsycopgClientTest with Debian's python3-psycopg. Every check compares
values and their Python types with what psycopg returns from PostgreSQL for the same statements;
the first difference ends the script with a traceback and a non-zero exit.
"""

import datetime as dt
import sys
import uuid
from decimal import Decimal

import psycopg
from psycopg.types.json import Json, Jsonb

UTC = dt.timezone.utc
CHECKS = 0


def same(actual, expected):
    """Equal values of the same types, all the way down (a Decimal also keeps its scale)."""
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, (list, tuple)):
        return len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(same(actual[k], expected[k]) for k in expected)
    if isinstance(expected, Decimal):
        return str(actual) == str(expected)
    return actual == expected


def check(actual, expected, what):
    global CHECKS
    if not same(actual, expected):
        raise AssertionError(f"{what}:\n  expected {expected!r}\n  actual   {actual!r}")
    CHECKS += 1


def ts(hour, minute, second=0):
    return dt.datetime(2025, 1, 17, hour, minute, second, tzinfo=UTC)


# The spec's example session, inserted with parameters instead of literals.
INSERT = """INSERT INTO otel_logs_and_spans (
    name, id, project_id, timestamp, date, hashes,
    duration, attributes___http___response___status_code,
    attributes___user___id, attributes___error___type, kind
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"""
DAY = dt.date(2025, 1, 17)
EXAMPLE_ROWS = [
    ("POST /api/v1/users", "550e8400-e29b-41d4-a716-446655440001", "prod-api-001", ts(14, 30), DAY, ["trace_123"], 245000000, 200, "u_123", None, "SERVER"),
    ("POST /api/v1/users", "550e8400-e29b-41d4-a716-446655440002", "prod-api-001", ts(14, 35), DAY, ["trace_124"], 1523000000, 500, None, "database_timeout", "SERVER"),
    ("GET /api/v1/users/:id", "550e8400-e29b-41d4-a716-446655440003", "prod-api-001", ts(14, 40), DAY, ["trace_125"], 89000000, 200, "u_456", None, "SERVER"),
    ("POST /api/v1/payments", "550e8400-e29b-41d4-a716-446655440004", "prod-api-001", ts(14, 45), DAY, ["trace_126"], 3421000000, 200, None, None, "SERVER"),
    ("GET /api/v1/users/:id", "550e8400-e29b-41d4-a716-446655440005", "prod-api-001", ts(14, 50), DAY, ["trace_127"], 2100000000, 408, None, "timeout", "SERVER"),
]

SLOW_ENDPOINTS = """SELECT name AS endpoint, COUNT(*) AS request_count,
       AVG(duration / 1000000)::INT AS avg_duration_ms,
       MAX(duration / 1000000)::INT AS max_duration_ms,
       ARRAY_AGG(DISTINCT attributes___http___response___status_code::TEXT) AS status_codes
FROM otel_logs_and_spans
WHERE project_id = %s AND timestamp >= %s AND timestamp < %s AND duration > %s
GROUP BY name ORDER BY avg_duration_ms DESC"""

ERROR_RATES = """SELECT name AS endpoint, date_trunc('hour', timestamp) AS hour, COUNT(*) AS total_requests,
       COUNT(*) FILTER (WHERE attributes___http___response___status_code >= 400) AS errors,
       ROUND(100.0 * COUNT(*) FILTER (WHERE attributes___http___response___status_code >= 400) / COUNT(*), 2) AS error_rate
FROM otel_logs_and_spans
WHERE project_id = %s AND timestamp >= %s AND timestamp < %s
GROUP BY name, date_trunc('hour', timestamp) HAVING COUNT(*) > 0
ORDER BY hour DESC, error_rate DESC, endpoint"""

HASH_LOOKUP = """SELECT id AS trace_id, name AS endpoint, timestamp, (duration / 1000000)::INT AS duration_ms,
       attributes___error___type AS error_type
FROM otel_logs_and_spans
WHERE project_id = %s AND %s = ANY(hashes) AND timestamp >= %s AND timestamp < %s"""

TIME_BUCKETS = """SELECT time_bucket(INTERVAL '5 minutes', timestamp) AS bucket, COUNT(*) AS requests,
       AVG(duration / 1000000)::INT AS avg_duration_ms,
       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration / 1000000) AS p95_duration_ms
FROM otel_logs_and_spans
WHERE project_id = %s AND timestamp >= %s AND timestamp < %s
GROUP BY bucket ORDER BY bucket DESC"""

MOVING_AVERAGE = """WITH time_series AS (
    SELECT time_bucket(INTERVAL '1 minute', timestamp) AS minute, name AS endpoint, COUNT(*) AS requests,
           AVG(duration / 1000000) AS avg_duration_ms
    FROM otel_logs_and_spans
    WHERE project_id = %s AND timestamp >= %s AND timestamp < %s
    GROUP BY minute, endpoint)
SELECT minute, endpoint, requests, avg_duration_ms::INT,
       AVG(avg_duration_ms) OVER (PARTITION BY endpoint ORDER BY minute ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::INT AS moving_avg_3min
FROM time_series ORDER BY endpoint, minute DESC"""

NAMES = {SLOW_ENDPOINTS: "slow endpoints", ERROR_RATES: "error rates", HASH_LOOKUP: "hash lookup",
         TIME_BUCKETS: "time buckets", MOVING_AVERAGE: "moving average"}

# What PostgreSQL answers (src/test/resources/psql/example_session.expected), as psycopg loads it.
EXPECTED = {
    SLOW_ENDPOINTS: [
        ("POST /api/v1/payments", 1, 3421, 3421, ["200"]),
        ("GET /api/v1/users/:id", 1, 2100, 2100, ["408"]),
        ("POST /api/v1/users", 1, 1523, 1523, ["500"]),
    ],
    ERROR_RATES: [
        ("GET /api/v1/users/:id", ts(14, 0), 2, 1, Decimal("50.00")),
        ("POST /api/v1/users", ts(14, 0), 2, 1, Decimal("50.00")),
        ("POST /api/v1/payments", ts(14, 0), 1, 0, Decimal("0.00")),
    ],
    HASH_LOOKUP: [
        ("550e8400-e29b-41d4-a716-446655440002", "POST /api/v1/users", ts(14, 35), 1523, "database_timeout"),
    ],
    TIME_BUCKETS: [
        (ts(14, 50), 1, 2100, 2100.0),
        (ts(14, 45), 1, 3421, 3421.0),
        (ts(14, 40), 1, 89, 89.0),
        (ts(14, 35), 1, 1523, 1523.0),
        (ts(14, 30), 1, 245, 245.0),
    ],
    MOVING_AVERAGE: [
        (ts(14, 50), "GET /api/v1/users/:id", 1, 2100, 1095),
        (ts(14, 40), "GET /api/v1/users/:id", 1, 89, 89),
        (ts(14, 45), "POST /api/v1/payments", 1, 3421, 3421),
        (ts(14, 35), "POST /api/v1/users", 1, 1523, 884),
        (ts(14, 30), "POST /api/v1/users", 1, 245, 245),
    ],
}


def example_session(conn):
    with conn.cursor() as cur:
        # Parameterized inserts: a pipelined executemany with text parameters, then prepared
        # statements with binary parameters.
        cur.executemany(INSERT, EXAMPLE_ROWS[:3])
        check(cur.rowcount, 3, "executemany rowcount")
        for row in EXAMPLE_ROWS[3:]:
            cur.execute(INSERT, row, prepare=True, binary=True)
            check(cur.statusmessage, "INSERT 0 1", "prepared binary insert")

        window = ("prod-api-001", ts(14, 0), ts(15, 0))
        params = {
            SLOW_ENDPOINTS: window + (1000000000,),
            ERROR_RATES: ("prod-api-001", dt.datetime(2025, 1, 16, 15, 0, tzinfo=UTC), ts(15, 0)),
            HASH_LOOKUP: ("prod-api-001", "trace_124", ts(14, 0), ts(15, 0)),
            TIME_BUCKETS: window,
            MOVING_AVERAGE: ("prod-api-001", ts(14, 30), ts(15, 0)),
        }
        for query, expected in EXPECTED.items():
            name = NAMES[query]
            for binary in (False, True):
                cur.execute(query, params[query], binary=binary)
                check(cur.fetchall(), expected, f"example query {name} (binary results: {binary})")
            # The same statement prepared on the server, run twice.
            for _ in range(2):
                cur.execute(query, params[query], prepare=True)
                check(cur.fetchall(), expected, f"example query {name} (prepared)")

        # The literal queries of the session, with no parameters at all.
        cur.execute(
            "SELECT name, duration FROM otel_logs_and_spans WHERE project_id = 'prod-api-001' "
            "AND 'trace_124' = ANY(hashes) AND timestamp >= '2025-01-17 14:00:00' AND timestamp < '2025-01-17 15:00:00'"
        )
        check(cur.fetchall(), [("POST /api/v1/users", 1523000000)], "literal hash lookup")

        # Untyped parameters take their type from context: a str compared with a timestamptz column.
        cur.execute(
            "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = %s AND timestamp >= %s AND timestamp < %s",
            ("prod-api-001", "2025-01-17 14:40:00", "2025-01-17 15:00:00+00"),
        )
        check(cur.fetchone(), (3,), "timestamp >= %s with a str")


def copy_in_and_out(conn):
    columns = "project_id, timestamp, name, duration, hashes, attributes, attributes___http___response___status_code"
    base = dt.datetime(2025, 2, 1, 8, 0, tzinfo=UTC)
    rows = [
        ("psycopg-copy", base + dt.timedelta(seconds=i), f"op-{i % 3}", i * 1000, [f"h{i}", "x y"],
         Json({"i": i, "s": "tab\there, \"quoted\" \\ back"}), 200 if i % 2 == 0 else 500)
        for i in range(200)
    ]
    with conn.cursor() as cur:
        with cur.copy(f"COPY otel_logs_and_spans ({columns}) FROM STDIN") as copy:
            for row in rows[:100]:
                copy.write_row(row)
        check(cur.rowcount, 100, "COPY FROM STDIN (text) row count")
        with cur.copy(f"COPY otel_logs_and_spans ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["text", "timestamptz", "text", "int8", "text[]", "json", "int4"])
            for row in rows[100:]:
                copy.write_row(row)
        check(cur.rowcount, 100, "COPY FROM STDIN (binary) row count")

        cur.execute(
            "SELECT count(*), sum(duration), count(*) FILTER (WHERE attributes->>'s' = %s), "
            "count(*) FILTER (WHERE 'x y' = ANY(hashes)), max(timestamp) FROM otel_logs_and_spans WHERE project_id = %s",
            ("tab\there, \"quoted\" \\ back", "psycopg-copy"),
        )
        check(cur.fetchone(), (200, Decimal(sum(i * 1000 for i in range(200))), 200, 200, base + dt.timedelta(seconds=199)),
              "rows stored by COPY")

        cur.execute(
            "SELECT timestamp, name, duration, hashes, attributes, attributes___http___response___status_code "
            "FROM otel_logs_and_spans WHERE project_id = %s AND duration IN (%s, %s) ORDER BY timestamp",
            ("psycopg-copy", 7000, 150000),
            binary=True,
        )
        expected = [
            (base + dt.timedelta(seconds=i), f"op-{i % 3}", i * 1000, [f"h{i}", "x y"],
             {"i": i, "s": "tab\there, \"quoted\" \\ back"}, 200 if i % 2 == 0 else 500)
            for i in (7, 150)
        ]
        check(cur.fetchall(), expected, "values stored by text and binary COPY")

        query = "COPY (SELECT name, duration, hashes FROM otel_logs_and_spans WHERE project_id = 'psycopg-copy' ORDER BY timestamp LIMIT 3) TO STDOUT"
        with cur.copy(query) as copy:
            copy.set_types(["text", "int8", "text[]"])
            out = list(copy.rows())
        check(out, [("op-0", 0, ["h0", "x y"]), ("op-1", 1000, ["h1", "x y"]), ("op-2", 2000, ["h2", "x y"])],
              "COPY TO STDOUT (text)")
        with cur.copy(query.replace("TO STDOUT", "TO STDOUT (FORMAT BINARY)")) as copy:
            copy.set_types(["text", "int8", "text[]"])
            out = list(copy.rows())
        check(out, [("op-0", 0, ["h0", "x y"]), ("op-1", 1000, ["h1", "x y"]), ("op-2", 2000, ["h2", "x y"])],
              "COPY TO STDOUT (binary)")


def typed_results(conn):
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration, hashes, attributes, resource, "
            "attributes___client___port) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            ("psycopg-types", ts(9, 0, 1), "typed", 1500, ["a", "b,c", 'd"e'], Jsonb({"k": [1, 2.5, None], "n": {"x": "y"}}),
             Json({"service": "api"}), 8080),
        )
        for binary in (False, True):
            cur.execute(
                "SELECT timestamp, date, name, duration, hashes, attributes, attributes->'k', attributes->'n'->>'x', resource, "
                "attributes___client___port, avg(duration) OVER (), sum(duration) OVER (), duration::float8 / 7, "
                "timestamp - TIMESTAMPTZ '2025-01-17 08:00:00+00', id IS NULL, attributes___user___id "
                "FROM otel_logs_and_spans WHERE project_id = %s",
                ("psycopg-types",),
                binary=binary,
            )
            check(
                cur.fetchone(),
                (ts(9, 0, 1), DAY, "typed", 1500, ["a", "b,c", 'd"e'], {"k": [1, 2.5, None], "n": {"x": "y"}}, [1, 2.5, None],
                 "y", {"service": "api"}, 8080, Decimal("1500.0000000000000000"), Decimal("1500"), 1500 / 7,
                 dt.timedelta(hours=1, seconds=1), True, None),
                f"typed columns (binary results: {binary})",
            )
            check([d.type_code for d in cur.description],
                  [1184, 1082, 25, 20, 1009, 114, 114, 25, 114, 23, 1700, 1700, 701, 1186, 16, 25],
                  "result column type OIDs")


# Each type as a parameter and in results: (SQL type, Python value, what psycopg loads back).
ROUND_TRIPS = [
    ("bool", True, True),
    ("int2", -7, -7),
    ("int4", 2147483647, 2147483647),
    ("int8", -9007199254740993, -9007199254740993),
    ("float4", 1.25, 1.25),
    ("float8", 0.1, 0.1),
    ("numeric", Decimal("12.345"), Decimal("12.345")),
    ("text", 'a "b" c', 'a "b" c'),
    ("varchar", "vé", "vé"),
    ("bytea", b"\x00\x01\xff\\", b"\x00\x01\xff\\"),
    ("date", dt.date(2025, 1, 17), dt.date(2025, 1, 17)),
    ("timestamp", dt.datetime(2025, 1, 17, 14, 30, 0, 250000), dt.datetime(2025, 1, 17, 14, 30, 0, 250000)),
    ("timestamptz", dt.datetime(2025, 1, 17, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))), ts(12, 30)),
    ("interval", dt.timedelta(days=-3, hours=4, minutes=5, seconds=6, microseconds=500000),
     dt.timedelta(days=-3, hours=4, minutes=5, seconds=6, microseconds=500000)),
    ("uuid", uuid.UUID("550e8400-e29b-41d4-a716-446655440001"), uuid.UUID("550e8400-e29b-41d4-a716-446655440001")),
    ("json", Json({"a": [1, "x"]}), {"a": [1, "x"]}),
    ("jsonb", Jsonb({"b": None}), {"b": None}),
]


def round_trips(conn):
    with conn.cursor() as cur:
        for sql_type, value, loaded in ROUND_TRIPS:
            for binary in (False, True):
                mode = "binary" if binary else "text"
                cur.execute(f"SELECT %s::{sql_type}", (value,), binary=binary)
                check(cur.fetchone(), (loaded,), f"%s::{sql_type} ({mode})")
                # psycopg declares the type (a str is unknown, so text): the result has it with no cast
                cur.execute("SELECT %s", (value,), binary=binary)
                check(cur.fetchone(), (loaded,), f"SELECT %s of {sql_type} ({mode})")
                array = [value, None] if not isinstance(value, Json) else [value]
                cur.execute(f"SELECT %s::{sql_type}[]", (array,), binary=binary)
                check(cur.fetchone(), ([loaded, None] if len(array) == 2 else [loaded],), f"%s::{sql_type}[] ({mode})")
        # Results of literals, PostgreSQL's text and binary encodings read back by psycopg.
        query = (
            "SELECT true, -7::int2, 7::int4, 7::int8, 1.5::float4, 2.5::float8, 12.345, 'x'::text, 'y'::varchar, "
            "'\\x01ff'::bytea, DATE '2025-01-17', TIMESTAMP '2025-01-17 01:02:03.5', TIMESTAMPTZ '2025-01-17 01:02:03+02', "
            "INTERVAL '1 day 02:00:00', '550e8400-e29b-41d4-a716-446655440001'::uuid, '{\"a\": 1}'::json, '{\"b\": [2]}'::jsonb, "
            "ARRAY[1, NULL]::int2[], ARRAY[1]::int4[], ARRAY[1]::int8[], ARRAY[1.5]::float4[], ARRAY[2.5]::float8[], "
            "ARRAY[true, false], ARRAY['a b', NULL], ARRAY['\\x01'::bytea], ARRAY[DATE '2025-01-17'], "
            "ARRAY[TIMESTAMP '2025-01-17 01:02:03'], ARRAY[TIMESTAMPTZ '2025-01-17 01:02:03+00'], ARRAY[INTERVAL '1 minute'], "
            "ARRAY['550e8400-e29b-41d4-a716-446655440001'::uuid], ARRAY['{\"c\": 3}'::json], ARRAY['[4]'::jsonb]"
        )
        expected = (
            True, -7, 7, 7, 1.5, 2.5, Decimal("12.345"), "x", "y", b"\x01\xff", dt.date(2025, 1, 17),
            dt.datetime(2025, 1, 17, 1, 2, 3, 500000), dt.datetime(2025, 1, 16, 23, 2, 3, tzinfo=UTC),
            dt.timedelta(days=1, hours=2), uuid.UUID("550e8400-e29b-41d4-a716-446655440001"), {"a": 1}, {"b": [2]},
            [1, None], [1], [1], [1.5], [2.5], [True, False], ["a b", None], [b"\x01"], [dt.date(2025, 1, 17)],
            [dt.datetime(2025, 1, 17, 1, 2, 3)], [dt.datetime(2025, 1, 17, 1, 2, 3, tzinfo=UTC)], [dt.timedelta(minutes=1)],
            [uuid.UUID("550e8400-e29b-41d4-a716-446655440001")], [{"c": 3}], [[4]],
        )
        for binary in (False, True):
            cur.execute(query, binary=binary)
            check(cur.fetchone(), expected, f"typed literals ({'binary' if binary else 'text'})")


def errors(conn):
    with conn.cursor() as cur:
        try:
            cur.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES (%s, %s)", ("p", "not a time"))
        except psycopg.errors.InvalidDatetimeFormat as e:
            check(e.sqlstate, "22007", "bad timestamp parameter")
        else:
            raise AssertionError("a bad timestamp was accepted")
        cur.execute("SELECT 1")
        check(cur.fetchone(), (1,), "session usable after an error")


CURSOR_ROWS = 30_000
CURSOR_BASE = dt.datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
CURSOR_QUERY = "SELECT name, duration, timestamp FROM otel_logs_and_spans WHERE project_id = %s ORDER BY duration"


def cursor_row(i):
    return (f"op-{i}", i, CURSOR_BASE + dt.timedelta(milliseconds=i))


def server_side_cursors():
    """Named cursors: DECLARE, then FETCH FORWARD itersize until the end, then CLOSE."""
    with psycopg.connect(autocommit=True) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY otel_logs_and_spans (project_id, name, duration, timestamp) FROM STDIN") as copy:
                for i in range(CURSOR_ROWS):
                    copy.write_row(("psycopg-cursor",) + cursor_row(i))
        # outside a transaction block only a cursor WITH HOLD can be declared
        try:
            with conn.cursor(name="nohold") as cur:
                cur.execute("SELECT 1")
        except psycopg.errors.NoActiveSqlTransaction as e:
            check(e.sqlstate, "25P01", "named cursor without hold in autocommit")
        else:
            raise AssertionError("DECLARE without hold outside a transaction block was accepted")
        with conn.cursor(name="held", withhold=True) as cur:
            cur.itersize = 700
            cur.execute(CURSOR_QUERY, ("psycopg-cursor",))
            check(list(cur), [cursor_row(i) for i in range(CURSOR_ROWS)], "cursor WITH HOLD in autocommit, every row once, in order")
    with psycopg.connect() as conn:  # psycopg's default: a transaction block
        for binary in (False, True):
            with conn.cursor(name="big") as cur:
                cur.itersize = 1000
                cur.execute(CURSOR_QUERY, ("psycopg-cursor",), binary=binary)
                check(cur.statusmessage, None, "no command status before the first FETCH")
                check([d.type_code for d in cur.description], [25, 20, 1184], "cursor columns described by its portal")
                rows = list(cur)
                check(rows, [cursor_row(i) for i in range(CURSOR_ROWS)], f"named cursor, every row once, in order (binary: {binary})")
                check(cur.statusmessage, "FETCH 0", "the last FETCH's command tag")
        with conn.cursor(name="scrolled") as cur:
            cur.execute("SELECT i FROM generate_series(0, 99) i")
            check(cur.fetchmany(3), [(0,), (1,), (2,)], "fetchmany")
            check(cur.statusmessage, "FETCH 3", "FETCH n")
            cur.scroll(10)
            check(cur.fetchone(), (13,), "scroll forward (MOVE)")
            cur.scroll(50, mode="absolute")
            check(cur.fetchone(), (50,), "scroll to an absolute position ahead")
            check(len(cur.fetchall()), 49, "fetchall")
        with conn.cursor() as cur:
            cur.execute("DECLARE c CURSOR FOR SELECT 1")
            check(cur.statusmessage, "DECLARE CURSOR", "DECLARE's command tag")
            cur.execute("MOVE FORWARD ALL IN c")
            check(cur.statusmessage, "MOVE 1", "MOVE's command tag")
            cur.execute("CLOSE c")
            check(cur.statusmessage, "CLOSE CURSOR", "CLOSE's command tag")
        conn.commit()
        # TimeFusion's cursors read forward only, answering as PostgreSQL does for a NO SCROLL
        # cursor (PostgreSQL scrolls a cursor declared without either option back where the plan allows)
        with conn.cursor(name="back") as cur:
            cur.execute("SELECT i FROM generate_series(0, 9) i")
            cur.fetchmany(5)
            try:
                cur.scroll(-2)
            except psycopg.errors.ObjectNotInPrerequisiteState as e:
                check(e.sqlstate, "55000", "scrolling backward")
            else:
                raise AssertionError("a cursor scrolled backward")
        conn.rollback()
        try:
            with conn.cursor(name="scrollable", scrollable=True) as cur:
                cur.execute("SELECT 1")
        except psycopg.errors.FeatureNotSupported as e:
            check(e.sqlstate, "0A000", "DECLARE SCROLL")
        else:
            raise AssertionError("a SCROLL cursor was declared")
        conn.rollback()


def main():
    with psycopg.connect(autocommit=True) as conn:
        check(conn.info.parameter_status("server_version").startswith("16."), True, "server_version")
        example_session(conn)
        copy_in_and_out(conn)
        typed_results(conn)
        round_trips(conn)
        errors(conn)
    # A transaction block, as psycopg uses by default.
    with psycopg.connect() as conn:
        with conn.transaction():
            conn.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES (%s, %s)", ("psycopg-tx", ts(10, 0)))
        check(conn.execute("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = %s", ("psycopg-tx",)).fetchone(),
              (1,), "insert in a transaction")
    server_side_cursors()
    print(f"psycopg {psycopg.__version__}: {CHECKS} checks passed")


if __name__ == "__main__":
    sys.exit(main())
