# Sourced by ./hallmark test: installs (when missing) and starts what the test suite needs, on loopback only.
#   services_start   install packages, start a throw-away PostgreSQL cluster, export HALLMARK_TEST_PG_URL
#   services_stop    stop what services_start started and remove its files
# PostgreSQL refuses to run as root, so the cluster runs as an unprivileged user (postgres, or nobody).

_svc_dir=""
_pg_bin=""
_pg_user=""

_svc_log() { echo "test-services: $*" >&2; }

_apt_install() { # installs Debian packages when we may (root with apt-get)
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    _svc_log "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
  else
    _svc_log "cannot install $* (not root or no apt-get); install them and run again"
    return 1
  fi
}

_find_pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $(( 20000 + RANDOM % 20000 ))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

_as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then su -s /bin/sh "$_pg_user" -c "$*"; else sh -c "$*"; fi
}

services_start() {
  command -v openssl >/dev/null 2>&1 || _apt_install openssl
  command -v curl >/dev/null 2>&1 || _apt_install curl
  # the HTTPS benchmark's smoke test drives wrk; without it that one test skips, saying so
  command -v wrk >/dev/null 2>&1 || _apt_install wrk || true
  # the TUF timestamp benchmark serves the same file with nginx as its reference (bench only)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || RUNLEVEL=1 _apt_install nginx-light || RUNLEVEL=1 _apt_install nginx || true
  # Pkcs11VaultTest runs against a SoftHSM2 token; without it those tests skip, saying so
  command -v softhsm2-util >/dev/null 2>&1 || _apt_install softhsm2 opensc || true
  command -v nft >/dev/null 2>&1 || _apt_install nftables || true   # checks the MUD firewall export (nft -c)
  # AssessCommandTest reads the PDF report back with poppler's pdftotext; without it that test skips, saying so
  command -v pdftotext >/dev/null 2>&1 || _apt_install poppler-utils || true
  # the TUF interoperability tests install tuf-js with npm (pinned) and run it with node; without them they skip
  command -v npm >/dev/null 2>&1 || _apt_install nodejs npm || true
  # MqttIT and MqttExternalBrokerIT: mosquitto_pub/mosquitto_sub as devices, mosquitto as the external broker
  { command -v mosquitto >/dev/null 2>&1 && command -v mosquitto_pub >/dev/null 2>&1; } ||
    _apt_install mosquitto mosquitto-clients || true
  # ConsoleBrowserIT drives the console in headless Chromium; without them that test skips, saying so
  { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } \
    || _apt_install chromium chromium-driver || true
  _pg_bin=$(_find_pg_bin) || { _apt_install postgresql >/dev/null; _pg_bin=$(_find_pg_bin); } || {
    _svc_log "PostgreSQL is not available; the PostgreSQL half of the store tests will fail"; return 0; }
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then _pg_user=postgres; else _pg_user=nobody; fi
  else
    _pg_user=$(id -un)
  fi
  _svc_dir=$(mktemp -d /tmp/hallmark-test-XXXXXX)
  chmod 755 "$_svc_dir"
  mkdir -p "$_svc_dir/pg"
  [ "$(id -u)" -eq 0 ] && chown "$_pg_user" "$_svc_dir/pg"
  local port; port=$(_free_port)
  _as_pg_user "'$_pg_bin/initdb' -D '$_svc_dir/pg/data' -U hallmark --auth=trust -E UTF8 >'$_svc_dir/pg/initdb.log' 2>&1" || {
    _svc_log "initdb failed:"; cat "$_svc_dir/pg/initdb.log" >&2; return 1; }
  _as_pg_user "'$_pg_bin/pg_ctl' -D '$_svc_dir/pg/data' -l '$_svc_dir/pg/server.log' -w -t 60 \
     -o \"-p $port -k '$_svc_dir/pg' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null" || {
    _svc_log "PostgreSQL did not start:"; cat "$_svc_dir/pg/server.log" >&2; return 1; }
  _as_pg_user "'$_pg_bin/createdb' -h 127.0.0.1 -p $port -U hallmark hallmark_test"
  export HALLMARK_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/hallmark_test?user=hallmark"
  export HALLMARK_TEST_PG_ADMIN_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=hallmark"
  # the cluster is up: from here a PostgreSQL case that cannot connect fails instead of skipping
  export HALLMARK_REQUIRE_PG=1
  _svc_log "PostgreSQL $("$_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

services_stop() {
  if [ -n "$_svc_dir" ] && [ -d "$_svc_dir/pg/data" ]; then
    _as_pg_user "'$_pg_bin/pg_ctl' -D '$_svc_dir/pg/data' -m immediate stop >/dev/null 2>&1" || true
  fi
  [ -n "$_svc_dir" ] && rm -rf "$_svc_dir"
  _svc_dir=""
}
