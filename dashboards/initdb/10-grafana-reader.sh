#!/bin/sh
# Run once by the TimescaleDB image when its data directory is first created: a login role for
# Grafana that can only read what the owner (Anxin's migrations) creates, now and later.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE grafana_reader LOGIN PASSWORD '${ANXIN_GRAFANA_DB_PASSWORD}';
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
