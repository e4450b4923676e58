#!/usr/bin/env bash
# Benchmarks entratool's commands as a user runs them: whole processes through bin/entratool, timed by hyperfine
# (Debian package 'hyperfine'). Builds what is missing; uses a throwaway ENTRATOOL_HOME and the file secret store.
# get-token is measured against the test emulator of Entra ID (HTTPS on 127.0.0.1), run from the test classes.
# Usage: bench/run.sh [hyperfine options...]   e.g. RUNS=30 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -f target/entratool.jar ] || mvn -q -DskipTests package
[ -d target/test-classes ] || mvn -q test-compile

work=$(mktemp -d)
emulator_pid=
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export ENTRATOOL_HOME="$work/home" ENTRATOOL_SECRET_STORE=file

# The emulator, as a background process that lives while its stdin (a FIFO kept open here) is open.
mvn -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
mkfifo "$work/emulator.in"
java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" dev.entratool.testing.EmulatorMain \
  "$work/emulator" bench-secret < "$work/emulator.in" > "$work/emulator.out" &
emulator_pid=$!
exec 3>"$work/emulator.in"
for _ in $(seq 100); do [ -s "$work/emulator.out" ] && break; sleep 0.1; done
read -r authority client < "$work/emulator.out"
export ENTRATOOL_CA_BUNDLE="$work/emulator/ca.pem"

printf 'bench-secret\n' | bin/entratool config create --name bench --tenant contoso.onmicrosoft.com \
  --client-id "$client" --authority-host "$authority" --secret-stdin 2>/dev/null
bin/entratool get-token -p bench --silent > "$work/token.txt"

cmds=("bin/entratool --version"
      "bin/entratool config list --json"
      "bin/entratool discover -f $work/token.txt"
      "bin/entratool inspect -f $work/token.txt"
      "bin/entratool get-token -p bench --silent"
      "bin/entratool get-token -p bench --silent --force")
hyperfine --warmup 3 --runs "${RUNS:-20}" -N --export-markdown "$work/result.md" "$@" "${cmds[@]}" >&2
sed "s#$work#\$TMP#g" "$work/result.md"
exec 3>&-
