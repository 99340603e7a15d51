#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the benchmarks, on loopback, with the durability settings of production
# (fsync=on, synchronous_commit=on: the defaults), unlike the test cluster of scripts/test-services.sh (fsync=off).
#   bench/postgres.sh start DIR   initdb + start in DIR; prints the export line of HALLMARK_TEST_PG_URL
#   bench/postgres.sh stop DIR    stop it and remove DIR
# As root the cluster runs as the user postgres (or nobody): PostgreSQL refuses to run as root.
set -euo pipefail
cmd=${1:?usage: bench/postgres.sh start|stop DIR}
dir=${2:?usage: bench/postgres.sh start|stop DIR}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -n1)
[ -x "$pg_bin/initdb" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then pg_user=postgres; else pg_user=nobody; fi
  as_pg() { su -s /bin/sh "$pg_user" -c "$*"; }
else
  as_pg() { sh -c "$*"; }
fi
case "$cmd" in
  start)
    mkdir -p "$dir"; chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$pg_user" "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "'$pg_bin/initdb' -D '$dir/data' -U hallmark --auth=trust -E UTF8 >'$dir/initdb.log' 2>&1"
    as_pg "'$pg_bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
       -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=50\" start >/dev/null"
    as_pg "'$pg_bin/createdb' -h 127.0.0.1 -p $port -U hallmark hallmark_bench"
    echo "export HALLMARK_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/hallmark_bench?user=hallmark'"
    ;;
  stop)
    as_pg "'$pg_bin/pg_ctl' -D '$dir/data' -m fast stop >/dev/null" || true
    rm -rf "$dir"
    ;;
  *) echo "usage: bench/postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
