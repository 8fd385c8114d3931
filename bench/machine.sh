#!/usr/bin/env bash
# Describes the machine a benchmark run is on, as Markdown (bench/run writes it into
# docs/benchmarks.md).
set -uo pipefail
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo "- CPU: ${cpu:-unknown}, $(nproc) cores available; memory $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "- OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "- $(rustc --version)"
echo "- SQLite $(cd "$(dirname "$0")" && grep -A1 'name = "libsqlite3-sys"' Cargo.lock | sed -n 's/version = "\(.*\)"/libsqlite3-sys \1 (bundled)/p' | head -1)"
if [ -n "${RETORT_BENCH_POSTGRES_URL:-}" ]; then
    echo "- PostgreSQL: $(psql "$RETORT_BENCH_POSTGRES_URL" -Atc 'SHOW server_version' 2>/dev/null || echo unknown), on the same machine over TCP"
fi
if [ -n "${RETORT_BENCH_MYSQL_URL:-}" ]; then
    echo "- MySQL server: $(mariadb -h 127.0.0.1 -u root -N -e 'SELECT VERSION()' 2>/dev/null || echo unknown), on the same machine over TCP"
fi
echo "- a shared virtual machine: other work may run beside the benchmarks, so compare ratios within one run rather than absolute times across runs"
