#!/usr/bin/env bash
# The installable CLI as a user gets it: unpacks the archive the build made into a fresh directory, away from the
# source tree, and runs it with no Maven on the PATH: --version, help, a bad command (exit 2), a small demo on real
# worker JVMs, and replay of the pool files the demo kept.
# JAVA_HOME: the JDK the archive runs with.
set -euo pipefail
DIST="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
archive="$(ls "$DIST"/target/flotilla-dist-*-cli.tar.gz)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
cli="$(ls -d "$work"/flotilla-*)/bin/flotilla"
fail() { echo "cli-archive-test: FAILED: $*" >&2; exit 1; }
cd "$work"
# only a java on the PATH, found through JAVA_HOME as a user's shell would have it; the script never calls Maven
mkdir -p "$work/jdk-bin" && ln -s "${JAVA_HOME:?JAVA_HOME must point at a JDK 21+}/bin/java" "$work/jdk-bin/java"
version="$("$cli" --version)" || fail "--version exited $?"
grep -q "flotilla" <<<"$version" || fail "--version printed: $version"
"$cli" help | grep -q "flotilla demo" || fail "help lists the commands"
set +e
"$cli" no-such-command 2>/dev/null; code=$?
set -e
[[ $code -eq 2 ]] || fail "a bad command exits 2, got $code"
out="$("$cli" demo --no-progress --processes 1 --primes-up-to 20000 --io-tasks 50 --round-trips 200 --keep \
    --base "$work/pools" 2>&1)" || fail "demo exited $?: $out"
grep -q "round trips" <<<"$out" || fail "demo output: $out"
pool="$(ls -d "$work"/pools/*/ | head -n 1)"
[[ -n "$pool" ]] || fail "demo kept its pool files"
"$cli" replay "$pool" ls >/dev/null || fail "replay ls of the demo's pool"
echo "cli-archive-test: passed ($(basename "$archive"))"
