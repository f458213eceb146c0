#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: `cluster.sh start DIR` runs initdb into DIR/data (as the
# unprivileged user postgres when run as root: PostgreSQL refuses to run as root), listens on a free
# loopback port only, with fsync on as in production, creates the database scsa_test and writes its
# connection URI to DIR/uri; `cluster.sh stop DIR` stops it and removes DIR. ctest runs both as the
# fixture of the [postgres] tests. `restart DIR` restarts it; `down DIR` stops it keeping its data and
# `up DIR` starts it again on the same port (a database that is away for a while, in the fault tests).
set -euo pipefail
action=${1:?usage: cluster.sh start|stop DIR}
dir=${2:?usage: cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "cluster.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
  start)
    rm -rf "$dir"
    mkdir -p "$dir/data" "$dir/socket"
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$dir"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-instructions -E UTF8 >"$dir/initdb.log"
    # In its configuration rather than on the command line, so that `up` starts it the same way.
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
fsync = on
synchronous_commit = on
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres scsa_test
    echo "postgresql://postgres@127.0.0.1:$port/scsa_test" >"$dir/uri"
    echo "cluster.sh: PostgreSQL on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null
    ;;
  down)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
  up)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    ;;
  *)
    echo "usage: cluster.sh start|stop|restart|down|up DIR" >&2
    exit 2
    ;;
esac
