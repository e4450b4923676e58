#!/usr/bin/env bash
# Benchmarks entratool's commands as a user runs them: whole processes through bin/entratool, timed by hyperfine
# (Debian package 'hyperfine'). Builds the jar if missing; uses a throwaway ENTRATOOL_HOME and the file secret store.
# Usage: bench/run.sh [hyperfine options...]   e.g. bench/run.sh --runs 30
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -f target/entratool.jar ] || mvn -q -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ENTRATOOL_HOME="$work/home" ENTRATOOL_SECRET_STORE=file
printf 's3cret\n' | bin/entratool config create --name bench --tenant contoso.onmicrosoft.com \
  --client-id 12345678-1234-1234-1234-123456789abc --secret-stdin 2>/dev/null

# A well-formed token valid for an hour, minted here (unsigned: discover and inspect check no signature).
b64() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64)
claims=$(printf '{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/t/","iat":%d,"nbf":%d,"exp":%d}' \
  "$now" "$now" $((now + 3600)) | b64)
printf '%s.%s.%s\n' "$header" "$claims" "$(printf 'sig' | b64)" > "$work/token.txt"

cmds=("bin/entratool --version" "bin/entratool config list --json" "bin/entratool config show -p bench")
if bin/entratool --help | grep -q "^  discover"; then
  cmds+=("bin/entratool discover -f $work/token.txt" "bin/entratool inspect -f $work/token.txt")
fi
hyperfine --warmup 3 --runs "${RUNS:-20}" -N --export-markdown "$work/result.md" "$@" "${cmds[@]}" >&2
sed "s#$work#\$TMP#g" "$work/result.md"
