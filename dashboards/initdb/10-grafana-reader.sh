#!/bin/sh
# Run once by the TimescaleDB image when its data directory is first created: the login role
# Grafana signs in with. What it may read is granted by Anxin's migrations when they run
# (V20__dashboard_reader.sql: the supervision views and a few columns, no personal data).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE grafana_reader LOGIN PASSWORD '${ANXIN_GRAFANA_DB_PASSWORD}';
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO grafana_reader;
SQL
