-- Schema for running the benchmark against plain PostgreSQL (15+), as a reference point.
-- psql "postgresql://postgres:postgres@127.0.0.1:5432/postgres" -c 'CREATE DATABASE timefusion_bench'
-- psql "postgresql://postgres:postgres@127.0.0.1:5432/timefusion_bench" -f bench/pg-setup.sql
-- time_bucket() mimics TimeFusion's (date_bin with origin 2000-01-03, a Monday); the trigger derives
-- the partition column `date` like TimeFusion does, so the benchmark can omit it.

CREATE OR REPLACE FUNCTION public.time_bucket(bucket interval, ts timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT date_bin(bucket, ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') $$;

CREATE OR REPLACE FUNCTION public.timefusion_derive_date() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NEW.date IS NULL THEN NEW.date := (NEW.timestamp AT TIME ZONE 'UTC')::date; END IF;
  RETURN NEW;
END $$;

CREATE TABLE public.otel_logs_and_spans (
    project_id text NOT NULL,
    date date NOT NULL,
    "timestamp" timestamp with time zone NOT NULL,
    observed_timestamp timestamp with time zone,
    id text,
    parent_id text,
    hashes text[],
    name text,
    kind text,
    status_code text,
    status_message text,
    level text,
    severity json,
    severity___severity_text text,
    severity___severity_number integer,
    body json,
    duration bigint,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    context json,
    context___trace_id text,
    context___span_id text,
    context___trace_state text,
    context___trace_flags text,
    context___is_remote text,
    events json,
    links json,
    attributes json,
    attributes___client___address text,
    attributes___client___port integer,
    attributes___server___address text,
    attributes___server___port integer,
    attributes___network___local__address text,
    attributes___network___local__port integer,
    attributes___network___peer___address text,
    attributes___network___peer__port integer,
    attributes___network___protocol___name text,
    attributes___network___protocol___version text,
    attributes___network___transport text,
    attributes___network___type text,
    attributes___code___number integer,
    attributes___code___file___path text,
    attributes___code___function___name text,
    attributes___code___line___number integer,
    attributes___code___stacktrace text,
    attributes___log__record___original text,
    attributes___log__record___uid text,
    attributes___error___type text,
    attributes___exception___type text,
    attributes___exception___message text,
    attributes___exception___stacktrace text,
    attributes___url___fragment text,
    attributes___url___full text,
    attributes___url___path text,
    attributes___url___query text,
    attributes___url___scheme text,
    attributes___user_agent___original text,
    attributes___http___request___method text,
    attributes___http___request___method_original text,
    attributes___http___response___status_code integer,
    attributes___http___request___resend_count integer,
    attributes___http___request___body___size bigint,
    attributes___session___id text,
    attributes___session___previous___id text,
    attributes___db___system___name text,
    attributes___db___collection___name text,
    attributes___db___namespace text,
    attributes___db___operation___name text,
    attributes___db___response___status_code text,
    attributes___db___operation___batch___size integer,
    attributes___db___query___summary text,
    attributes___db___query___text text,
    attributes___user___id text,
    attributes___user___email text,
    attributes___user___full_name text,
    attributes___user___name text,
    attributes___user___hash text,
    resource json,
    resource___service___name text,
    resource___service___version text,
    resource___service___instance___id text,
    resource___service___namespace text,
    resource___deployment___environment___name text,
    resource___host___name text,
    resource___telemetry___sdk___language text,
    resource___telemetry___sdk___name text,
    resource___telemetry___sdk___version text,
    resource___user_agent___original text,
    summary text[],
    errors json,
    message_size_bytes bigint
);

CREATE TRIGGER derive_date BEFORE INSERT ON public.otel_logs_and_spans FOR EACH ROW EXECUTE FUNCTION public.timefusion_derive_date();
