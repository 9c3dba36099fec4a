#!/bin/sh
# Starts the PostgreSQL 15 oracle for the SQL conformance tests on 127.0.0.1:55432
# (user postgres, password postgres, timezone UTC). Debian 12; run as root. Local only, not CI.
# Then: mvn test -Dslt.oracle=true -Dtest='PostgresOracle*'
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${SLT_ORACLE_DIR:-/tmp/pgslt}
PORT=${SLT_ORACLE_PORT:-55432}

[ -x "$PGBIN/initdb" ] || { apt-get update && apt-get install -y postgresql; }
mkdir -p "$DIR" && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  echo postgres > "$DIR/pwfile" && chown postgres "$DIR/pwfile"
  # scram-sha-256 for every connection, including localhost TCP.
  su postgres -c "$PGBIN/initdb -D $DIR/data -U postgres --pwfile=$DIR/pwfile \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8"
  rm -f "$DIR/pwfile"
fi
su postgres -c "$PGBIN/pg_ctl -D $DIR/data -l $DIR/log -w -o \
  '-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c timezone=UTC' start"
PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
  -c "ALTER DATABASE postgres SET timezone TO 'UTC'"
