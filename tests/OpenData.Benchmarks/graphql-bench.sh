#!/usr/bin/env bash
# GraphQL benchmark: our /graphql against graphql-js 16 on loopback (small, nested and introspection queries).
# Not part of the test command. Usage: tests/OpenData.Benchmarks/graphql-bench.sh [--seconds N] [--concurrency N] [--api OpenData.Api.dll]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
if [ ! -f tests/graphql-conformance/node_modules/graphql-http/package.json ]; then
  npm ci --prefix tests/graphql-conformance --no-audit --no-fund
fi
dotnet build -c Release src/OpenData.Api -v quiet -nologo
dotnet run -c Release --project tests/OpenData.Benchmarks -- graphql "$@"
