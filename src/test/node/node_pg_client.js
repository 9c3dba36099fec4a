// node-postgres (pg) against a running TimeFusion server; the PG* environment variables say where.
//
// Run by io.timefusion.it.NodePgClientTest. Every check compares values as node-postgres returns
// them from PostgreSQL for the same statements (int8 and numeric as strings, timestamptz as Date,
// json parsed, arrays as arrays); the first difference ends the script with a non-zero exit.
'use strict'

const assert = require('node:assert/strict')
const { Readable } = require('node:stream')
const { pipeline } = require('node:stream/promises')
const pg = require('pg')
const { from: copyFrom, to: copyTo } = require('pg-copy-streams')

let checks = 0
function check(actual, expected, what) {
  assert.deepStrictEqual(actual, expected, what)
  checks++
}

const at = (hour, minute, second = 0) => new Date(Date.UTC(2025, 0, 17, hour, minute, second))

// The spec's example session, inserted with parameters ($n, sent untyped as node-postgres does).
const INSERT = `INSERT INTO otel_logs_and_spans (
    name, id, project_id, timestamp, date, hashes,
    duration, attributes___http___response___status_code,
    attributes___user___id, attributes___error___type, kind
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
const EXAMPLE_ROWS = [
  ['POST /api/v1/users', '550e8400-e29b-41d4-a716-446655440001', 'prod-api-001', at(14, 30), '2025-01-17', ['trace_123'], 245000000, 200, 'u_123', null, 'SERVER'],
  ['POST /api/v1/users', '550e8400-e29b-41d4-a716-446655440002', 'prod-api-001', at(14, 35), '2025-01-17', ['trace_124'], 1523000000, 500, null, 'database_timeout', 'SERVER'],
  ['GET /api/v1/users/:id', '550e8400-e29b-41d4-a716-446655440003', 'prod-api-001', at(14, 40), '2025-01-17', ['trace_125'], 89000000, 200, 'u_456', null, 'SERVER'],
  ['POST /api/v1/payments', '550e8400-e29b-41d4-a716-446655440004', 'prod-api-001', at(14, 45), '2025-01-17', ['trace_126'], 3421000000, 200, null, null, 'SERVER'],
  ['GET /api/v1/users/:id', '550e8400-e29b-41d4-a716-446655440005', 'prod-api-001', at(14, 50), '2025-01-17', ['trace_127'], 2100000000, 408, null, 'timeout', 'SERVER'],
]

// The session's queries with parameters, and what PostgreSQL answers (example_session.expected).
const EXAMPLE_QUERIES = [
  {
    name: 'slow endpoints',
    text: `SELECT name AS endpoint, COUNT(*) AS request_count,
             AVG(duration / 1000000)::INT AS avg_duration_ms, MAX(duration / 1000000)::INT AS max_duration_ms,
             ARRAY_AGG(DISTINCT attributes___http___response___status_code::TEXT) AS status_codes
           FROM otel_logs_and_spans
           WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3 AND duration > $4
           GROUP BY name ORDER BY avg_duration_ms DESC`,
    values: ['prod-api-001', at(14, 0), at(15, 0), 1000000000],
    rows: [
      { endpoint: 'POST /api/v1/payments', request_count: '1', avg_duration_ms: 3421, max_duration_ms: 3421, status_codes: ['200'] },
      { endpoint: 'GET /api/v1/users/:id', request_count: '1', avg_duration_ms: 2100, max_duration_ms: 2100, status_codes: ['408'] },
      { endpoint: 'POST /api/v1/users', request_count: '1', avg_duration_ms: 1523, max_duration_ms: 1523, status_codes: ['500'] },
    ],
  },
  {
    name: 'error rates',
    text: `SELECT name AS endpoint, date_trunc('hour', timestamp) AS hour, COUNT(*) AS total_requests,
             COUNT(*) FILTER (WHERE attributes___http___response___status_code >= 400) AS errors,
             ROUND(100.0 * COUNT(*) FILTER (WHERE attributes___http___response___status_code >= 400) / COUNT(*), 2) AS error_rate
           FROM otel_logs_and_spans
           WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3
           GROUP BY name, date_trunc('hour', timestamp) HAVING COUNT(*) > 0
           ORDER BY hour DESC, error_rate DESC, endpoint`,
    values: ['prod-api-001', '2025-01-16 15:00:00', '2025-01-17 15:00:00'],
    rows: [
      { endpoint: 'GET /api/v1/users/:id', hour: at(14, 0), total_requests: '2', errors: '1', error_rate: '50.00' },
      { endpoint: 'POST /api/v1/users', hour: at(14, 0), total_requests: '2', errors: '1', error_rate: '50.00' },
      { endpoint: 'POST /api/v1/payments', hour: at(14, 0), total_requests: '1', errors: '0', error_rate: '0.00' },
    ],
  },
  {
    name: 'hash lookup',
    text: `SELECT id AS trace_id, name AS endpoint, timestamp, (duration / 1000000)::INT AS duration_ms,
             attributes___error___type AS error_type
           FROM otel_logs_and_spans
           WHERE project_id = $1 AND $2 = ANY(hashes) AND timestamp >= $3 AND timestamp < $4`,
    values: ['prod-api-001', 'trace_124', at(14, 0), at(15, 0)],
    rows: [
      { trace_id: '550e8400-e29b-41d4-a716-446655440002', endpoint: 'POST /api/v1/users', timestamp: at(14, 35), duration_ms: 1523, error_type: 'database_timeout' },
    ],
  },
  {
    name: 'time buckets',
    text: `SELECT time_bucket(INTERVAL '5 minutes', timestamp) AS bucket, COUNT(*) AS requests,
             AVG(duration / 1000000)::INT AS avg_duration_ms,
             PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration / 1000000) AS p95_duration_ms
           FROM otel_logs_and_spans
           WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3
           GROUP BY bucket ORDER BY bucket DESC`,
    values: ['prod-api-001', at(14, 0), at(15, 0)],
    rows: [
      { bucket: at(14, 50), requests: '1', avg_duration_ms: 2100, p95_duration_ms: 2100 },
      { bucket: at(14, 45), requests: '1', avg_duration_ms: 3421, p95_duration_ms: 3421 },
      { bucket: at(14, 40), requests: '1', avg_duration_ms: 89, p95_duration_ms: 89 },
      { bucket: at(14, 35), requests: '1', avg_duration_ms: 1523, p95_duration_ms: 1523 },
      { bucket: at(14, 30), requests: '1', avg_duration_ms: 245, p95_duration_ms: 245 },
    ],
  },
  {
    name: 'moving average',
    text: `WITH time_series AS (
             SELECT time_bucket(INTERVAL '1 minute', timestamp) AS minute, name AS endpoint, COUNT(*) AS requests,
                    AVG(duration / 1000000) AS avg_duration_ms
             FROM otel_logs_and_spans
             WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3
             GROUP BY minute, endpoint)
           SELECT minute, endpoint, requests, avg_duration_ms::INT,
                  AVG(avg_duration_ms) OVER (PARTITION BY endpoint ORDER BY minute ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::INT AS moving_avg_3min
           FROM time_series ORDER BY endpoint, minute DESC`,
    values: ['prod-api-001', at(14, 30), at(15, 0)],
    rows: [
      { minute: at(14, 50), endpoint: 'GET /api/v1/users/:id', requests: '1', avg_duration_ms: 2100, moving_avg_3min: 1095 },
      { minute: at(14, 40), endpoint: 'GET /api/v1/users/:id', requests: '1', avg_duration_ms: 89, moving_avg_3min: 89 },
      { minute: at(14, 45), endpoint: 'POST /api/v1/payments', requests: '1', avg_duration_ms: 3421, moving_avg_3min: 3421 },
      { minute: at(14, 35), endpoint: 'POST /api/v1/users', requests: '1', avg_duration_ms: 1523, moving_avg_3min: 884 },
      { minute: at(14, 30), endpoint: 'POST /api/v1/users', requests: '1', avg_duration_ms: 245, moving_avg_3min: 245 },
    ],
  },
]

async function exampleSession(client) {
  // The first two rows as one-off extended-protocol statements, the rest through a named prepared statement.
  for (const row of EXAMPLE_ROWS.slice(0, 2)) {
    const r = await client.query(INSERT, row)
    check([r.command, r.rowCount], ['INSERT', 1], 'parameterized insert')
  }
  for (const row of EXAMPLE_ROWS.slice(2)) {
    const r = await client.query({ name: 'insert-span', text: INSERT, values: row })
    check([r.command, r.rowCount], ['INSERT', 1], 'prepared insert')
  }
  for (const q of EXAMPLE_QUERIES) {
    const r = await client.query(q.text, q.values)
    check(r.rows, q.rows, `example query: ${q.name}`)
    for (let i = 0; i < 2; i++) {
      const p = await client.query({ name: `example-${q.name}`, text: q.text, values: q.values })
      check(p.rows, q.rows, `example query: ${q.name} (prepared)`)
    }
  }
  // The same queries in the simple protocol, literals and all: the first one as the session has it.
  const simple = await client.query(
    `SELECT name AS endpoint, COUNT(*) AS request_count FROM otel_logs_and_spans
     WHERE project_id = 'prod-api-001' AND timestamp >= '2025-01-17 14:00:00' AND timestamp < '2025-01-17 15:00:00'
       AND duration > 1000000000 GROUP BY name ORDER BY name`)
  check(simple.rows.map((r) => r.endpoint), ['GET /api/v1/users/:id', 'POST /api/v1/payments', 'POST /api/v1/users'], 'simple query')
  // Untyped parameters take their type from context: a string compared with a timestamptz column.
  const counted = await client.query(
    'SELECT count(*) AS n FROM otel_logs_and_spans WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3',
    ['prod-api-001', '2025-01-17 14:40:00', '2025-01-17T15:00:00Z'])
  check(counted.rows, [{ n: '3' }], 'timestamp >= $2 with a string')
}

async function copyInAndOut(client) {
  const lines = []
  for (let i = 0; i < 150; i++) {
    const ts = new Date(Date.UTC(2025, 1, 1, 8, 0, i)).toISOString()
    lines.push(`node-copy\t${ts}\top-${i % 3}\t${i * 1000}\t{h${i},"x y"}\t{"i": ${i}, "s": "tab\\\\there"}\n`)
  }
  const ingest = client.query(copyFrom('COPY otel_logs_and_spans (project_id, timestamp, name, duration, hashes, attributes) FROM STDIN'))
  // in chunks that cut rows apart, as a stream does
  const data = Buffer.from(lines.join(''))
  const chunks = []
  for (let o = 0; o < data.length; o += 1000) chunks.push(data.subarray(o, o + 1000))
  await pipeline(Readable.from(chunks), ingest)
  check(ingest.rowCount, 150, 'COPY FROM STDIN row count')

  const stored = await client.query(
    `SELECT count(*) AS n, sum(duration) AS total, count(*) FILTER (WHERE attributes->>'s' = $2) AS tabs,
            count(*) FILTER (WHERE 'x y' = ANY(hashes)) AS spaced
     FROM otel_logs_and_spans WHERE project_id = $1`, ['node-copy', 'tab\there'])
  check(stored.rows, [{ n: '150', total: String(1000 * (149 * 150) / 2), tabs: '150', spaced: '150' }], 'rows stored by COPY')

  const out = client.query(copyTo(
    "COPY (SELECT name, duration, hashes, attributes FROM otel_logs_and_spans WHERE project_id = 'node-copy' ORDER BY timestamp LIMIT 2) TO STDOUT WITH (FORMAT csv, HEADER)"))
  const received = []
  await pipeline(out, async function* (source) {
    for await (const chunk of source) received.push(chunk)
  })
  check(Buffer.concat(received).toString(),
    'name,duration,hashes,attributes\n' +
    'op-0,0,"{h0,""x y""}","{""i"": 0, ""s"": ""tab\\there""}"\n' +
    'op-1,1000,"{h1,""x y""}","{""i"": 1, ""s"": ""tab\\there""}"\n',
    'COPY TO STDOUT (csv)')
  check(out.rowCount, 2, 'COPY TO STDOUT row count')
}

async function typedResults(client) {
  await client.query(
    `INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration, hashes, attributes, attributes___client___port)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    ['node-types', at(9, 0, 1), 'typed', 1500, ['a', 'b,c', 'd"e', null], { k: [1, 2.5, null], n: { x: 'y' } }, 8080])
  const r = await client.query(
    `SELECT timestamp, name, duration, hashes, attributes, attributes->'k' AS k, attributes___client___port AS port,
            avg(duration) OVER () AS avg, duration::float8 / 8 AS eighth, timestamp - TIMESTAMPTZ '2025-01-17 08:00:00+00' AS since,
            id IS NULL AS no_id, '\\x01ff'::bytea AS bytes, '550e8400-e29b-41d4-a716-446655440001'::uuid AS uuid,
            ARRAY[1, 2]::int4[] AS ints, ARRAY[1.5, NULL]::float8[] AS floats
     FROM otel_logs_and_spans WHERE project_id = $1`, ['node-types'])
  const row = r.rows[0]
  check([row.since.days ?? 0, row.since.hours, row.since.minutes ?? 0, row.since.seconds], [0, 1, 0, 1], 'interval')
  delete row.since
  check(row, {
    timestamp: at(9, 0, 1), name: 'typed', duration: '1500', hashes: ['a', 'b,c', 'd"e', null],
    attributes: { k: [1, 2.5, null], n: { x: 'y' } }, k: [1, 2.5, null], port: 8080,
    avg: '1500.0000000000000000', eighth: 187.5, no_id: true, bytes: Buffer.from([1, 255]),
    uuid: '550e8400-e29b-41d4-a716-446655440001', ints: [1, 2], floats: [1.5, null],
  }, 'typed columns')
  check(r.fields.map((f) => f.dataTypeID), [1184, 25, 20, 1009, 114, 114, 23, 1700, 701, 1186, 16, 17, 2950, 1007, 1022],
    'result column type OIDs')

  // Results in binary format, for the types node-postgres reads in binary.
  const b = await client.query({
    text: "SELECT 7::int4 AS i, 9007199254740993::int8 AS l, 2.5::float8 AS f, true AS t, 'x'::text AS s, TIMESTAMPTZ '2025-01-17 14:30:00+00' AS ts",
    binary: true,
  })
  check(b.rows, [{ i: 7, l: '9007199254740993', f: 2.5, t: true, s: 'x', ts: at(14, 30) }], 'binary results')
}

async function concurrentClients() {
  // Four connections inserting at once, each through its own prepared statement.
  const pool = new pg.Pool({ max: 4 })
  await Promise.all([0, 1, 2, 3].map(async (w) => {
    const c = await pool.connect()
    try {
      for (let i = 0; i < 25; i++) {
        await c.query({
          name: 'pool-insert',
          text: 'INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) VALUES ($1, $2, $3, $4)',
          values: ['node-pool', new Date(Date.UTC(2025, 2, 1, w, i)), `worker-${w}`, i],
        })
      }
    } finally {
      c.release()
    }
  }))
  const r = await pool.query("SELECT name, count(*) AS n, sum(duration) AS s FROM otel_logs_and_spans WHERE project_id = 'node-pool' GROUP BY name ORDER BY name")
  check(r.rows, [0, 1, 2, 3].map((w) => ({ name: `worker-${w}`, n: '25', s: '300' })), 'concurrent inserts')
  await pool.end()
}

async function errors(client) {
  await assert.rejects(
    client.query('INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ($1, $2)', ['p', 'not a time']),
    (e) => e.code === '22007')
  checks++
  const r = await client.query('SELECT 1 AS one')
  check(r.rows, [{ one: 1 }], 'session usable after an error')
}

async function main() {
  const client = new pg.Client()
  await client.connect()
  try {
    check(/^16\./.test(client.connection.parameters?.server_version ?? (await client.query('SHOW server_version')).rows[0].server_version), true, 'server_version')
    await exampleSession(client)
    await copyInAndOut(client)
    await typedResults(client)
    await concurrentClients()
    await errors(client)
  } finally {
    await client.end()
  }
  console.log(`node-postgres ${require('pg/package.json').version}: ${checks} checks passed`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
