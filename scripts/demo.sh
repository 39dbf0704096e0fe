#!/usr/bin/env bash
# Serves the demo widget and the built-in mock API on one loopback port until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8080}"
node tests/mock/server.mjs --port "$port" --static-root . > >(while read -r line; do
  case "$line" in
    MOCK_URL=*) url="${line#MOCK_URL=}"
      echo "Audian billing demo: ${url}/www/index.html"
      echo "(mock API at ${url}/v2/…; sign in as demo@northwind.example / audian-demo-password,"
      echo " account name northwind-dental, or with the token audian-demo-token; Ctrl-C stops it)";;
    *) echo "$line";;
  esac
done) &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT INT TERM
wait "$server"
