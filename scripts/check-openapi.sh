#!/bin/sh
# check-openapi.sh - validates web/openapi.json against the official
# OpenAPI 3.1 schema with the npm package @seriousme/openapi-schema-validator
# (no Debian package validates 3.1). Installs it with npm into a temporary
# directory; needs node and npm. A developer's check, not part of make test
# (which checks the document's structure and schemas without the network).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent @seriousme/openapi-schema-validator@2.11.0 >/dev/null
out=$(node_modules/.bin/validate-api "$root/web/openapi.json")
echo "$out"
echo "$out" | grep -q '"valid": true'
