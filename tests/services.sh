#!/usr/bin/env bash
# Run a command against throw-away PostgreSQL and Redis servers on loopback:
#   tests/services.sh uv run pytest ...
# exports TEST_DATABASE_URL and TEST_REDIS_URL for the command, and removes both servers afterwards.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || ! command -v redis-server >/dev/null; then
  echo "services.sh: PostgreSQL server binaries or redis-server are missing" >&2
  exit 3
fi

tmp=$(mktemp -d /tmp/allorder-services.XXXXXX)
chmod 755 "$tmp"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)  # PostgreSQL refuses to run as root
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$tmp/redis.pid" ] && kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w start \
  -o "-p $pg_port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=300" >/dev/null
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres allorder_test
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" --dir "$tmp"

export TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:$pg_port/allorder_test"
export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
echo "services.sh: PostgreSQL on :$pg_port, Redis on :$redis_port"
"$@"
