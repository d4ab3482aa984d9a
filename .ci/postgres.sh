#!/usr/bin/env bash
# Starts a local PostgreSQL for the server's database tests and prints its URL on stdout (the only
# line written there). Installs Debian's postgresql when missing. Safe to run repeatedly.
#   export OPENSEAL_TEST_DATABASE_URL="$(bash .ci/postgres.sh)"
set -euo pipefail

role=openseal
password=openseal-test
database=openseal

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "installing Debian postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# Debian creates a cluster on install; create one if a minimal image skipped that step.
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >&2
  cluster="$version main"
fi
read -r version name <<<"$cluster"
port=$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $3}')
if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $4}' | grep -q online; then
  pg_ctlcluster "$version" "$name" start >&2
fi

as_postgres() { su postgres -c "$1" >&2; }
psql_cmd="psql -v ON_ERROR_STOP=1 -p $port -qtA"
if [ "$(su postgres -c "$psql_cmd -c \"SELECT 1 FROM pg_roles WHERE rolname='$role'\"")" != "1" ]; then
  as_postgres "$psql_cmd -c \"CREATE ROLE $role LOGIN PASSWORD '$password'\""
fi
if [ "$(su postgres -c "$psql_cmd -c \"SELECT 1 FROM pg_database WHERE datname='$database'\"")" != "1" ]; then
  as_postgres "$psql_cmd -c \"CREATE DATABASE $database OWNER $role\""
fi

echo "postgres://$role:$password@127.0.0.1:$port/$database"
