#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests: initdb in a temporary folder as the
# postgres user (root may not run it), on a free port of 127.0.0.1, no Unix socket elsewhere.
# Prints `export DOCGEN_TEST_PG=postgresql://…` and `export DOCGEN_TEST_PG_DIR=…` for eval;
# stop it with: pg_ctl -D "$DOCGEN_TEST_PG_DIR/data" stop
set -euo pipefail
bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin="$d"; done
[ -n "$bin" ] || { echo "PostgreSQL binaries not found (apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/docgen-pg.XXXXXX)
run=(env)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "export DOCGEN_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres"
echo "export DOCGEN_TEST_PG_DIR=$dir"
echo "export DOCGEN_TEST_PG_CTL='${run[*]} $bin/pg_ctl'"
