-- COPY through psql: \copy (client-side files and stdin/stdout) and COPY FROM STDIN / TO STDOUT.
\copy otel_logs_and_spans (project_id, timestamp, id, name, hashes) from stdin
psql-copy	2025-01-17 10:00:00+00	p1	first	{a,"b c"}
psql-copy	2025-01-17 10:00:01+00	p2	tab\there	\N
\.
COPY otel_logs_and_spans (project_id, timestamp, id, name) FROM STDIN WITH (FORMAT csv);
psql-copy,2025-01-17 10:00:02,p3,"third, ""quoted"""
psql-copy,2025-01-17 10:00:03,p4,
\.
\copy (SELECT id, name, hashes FROM otel_logs_and_spans WHERE project_id = 'psql-copy' ORDER BY id) to stdout with csv header
COPY (SELECT id, name, hashes, date FROM otel_logs_and_spans WHERE project_id = 'psql-copy' ORDER BY id) TO STDOUT;
SELECT count(*), count(name) FROM otel_logs_and_spans WHERE project_id = 'psql-copy';
