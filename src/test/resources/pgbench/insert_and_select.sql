-- One pgbench transaction: an event with random values, then a query of the tenant's events.
-- PgbenchTest runs it with -n (no pgbench tables) and -D mode=<n>, which tags the rows it inserts.
\set span random(1, 1000000000)
\set duration random(1000, 5000000000)
\set status random(2, 5)
INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, duration, attributes___http___response___status_code)
VALUES ('pgbench', now(), :span, :mode, :duration, :status * 100);
SELECT count(*), max(duration) FROM otel_logs_and_spans WHERE project_id = 'pgbench' AND duration >= :duration;
