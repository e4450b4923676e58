#!/usr/bin/env bash
# Interleaved A/B of whole launcher processes: each variant is a command prefix that runs an entratool launcher (a
# build of its own, other JVM options, another JDK); every round runs each row of each variant in turn (A, B, A, B
# ...), so that a slow spell of the machine falls on all of them alike. Prints each round's medians and, per row, the
# median of the round medians and of the paired differences against the first variant, in wall time and in CPU time
# (user + system). See bench/README.md.
# Usage: bench/ab.sh 'A|/path/to/bin/entratool' 'B|env ENTRATOOL_JAVA_OPTS=-XX:+UseSerialGC /path/to/bin/entratool'
#   ROUNDS=15 RUNS=3 (runs per round), ROWS="get-token-cached discover inspect get-token-force" pick the rows
#   (also get-token-cached-no-rundir, get-token-cached-1000, and get-token-force-keyring: the secret from GNOME
#   Keyring on a private D-Bus session, as bench/run.sh's get-token-force row).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "ab: hyperfine is missing" >&2; exit 2; }
rounds=${ROUNDS:-15}
runs=${RUNS:-3}
rows=${ROWS:-get-token-cached discover inspect get-token-force}
# a keyring row runs the whole A/B on a private session bus with a throwaway keyring, as bench/run.sh does
case " $rows " in
  *-keyring\ *)
    if [ -z "${BENCH_KEYRING_SESSION:-}" ]; then
      export BENCH_KEYRING_SESSION=1
      exec dbus-run-session -- "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
    fi ;;
esac
[ -f target/test-classes/dev/entratool/testing/EmulatorMain.class ] || mvn -q -ntp test-compile

work=$(mktemp -d)
session=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
emulator_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null
  rm -rf "$work" "$session"
}
trap cleanup EXIT
# Each variant has a runtime directory of its own, and for the rows without one a folder of its own standing in for
# this user's on the memory file system (as in bench/run.sh, so that the A/B leaves nothing in /dev/shm): a variant
# that found another's session entry would guess its archive wrong on its first run, and a JDK 25 variant would make
# its small per-user cache from that run (bench/README.md).
unset XDG_RUNTIME_DIR ENTRATOOL_SHM_DIR
# variant_env NAME: those two folders of the variant, as env assignments
variant_env() {
  echo "XDG_RUNTIME_DIR=$session/run-$1 ENTRATOOL_SHM_DIR=$session/shm-$1"
}
if [ -n "${BENCH_KEYRING_SESSION:-}" ]; then
  export XDG_DATA_HOME="$session/data"
  mkdir -p "$XDG_DATA_HOME"
  eval "$(printf 'entratool-bench' | gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)"
fi
unset ENTRATOOL_VAULT_PASSPHRASE ENTRATOOL_JAVA_OPTS JAVA_OPTS

# ---- the Entra ID emulator (HTTPS on 127.0.0.1) ----
mvn -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
# shellcheck source=../scripts/emulator.sh
. scripts/emulator.sh
emulator_start "$work" bench-secret "target/test-classes:target/classes:$(cat "$work/cp.txt")"

# one home per variant (each build keeps its own files), a Client Credentials profile, its token cached
names=()
prefixes=()
for variant in "$@"; do
  name=${variant%%|*}
  prefix=${variant#*|}
  names+=("$name")
  prefixes+=("$prefix")
  home="$work/home-$name"
  mkdir -p "$session/run-$name" "$session/shm-$name" && chmod 700 "$session/run-$name"
  # shellcheck disable=SC2046
  export $(variant_env "$name")
  # shellcheck disable=SC2086
  printf 'bench-secret\n' | env ENTRATOOL_HOME="$home" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca" \
    $prefix config create --name bench --tenant contoso.onmicrosoft.com --client-id "$client" \
    --authority-host "$authority" --secret-stdin >/dev/null 2>&1
  # shellcheck disable=SC2086
  env ENTRATOOL_HOME="$home" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca" $prefix get-token -p bench \
    --silent > "$work/token.txt" || { echo "ab: variant $name cannot get a token" >&2; exit 2; }
  # the same profile behind 999 others, its token cached in the encrypted tier (the copy) and in the session tier;
  # by the full path, as the launcher would otherwise guess the front end from the other home's entry, and on JDK
  # 25 make the small cache from this miss
  cp -a "$home" "$home-1000"
  bench/thousand-profiles.sh "$home" "$home-1000"
  # shellcheck disable=SC2086
  env ENTRATOOL_HOME="$home-1000" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca" ENTRATOOL_NO_FAST_PATH=1 \
    $prefix get-token -p bench --silent > /dev/null
  if [ -n "${BENCH_KEYRING_SESSION:-}" ]; then
    # shellcheck disable=SC2086
    printf 'bench-secret\n' | env ENTRATOOL_HOME="$home-keyring" ENTRATOOL_SECRET_STORE=keyring \
      ENTRATOOL_CA_BUNDLE="$ca" $prefix config create --name bench --tenant contoso.onmicrosoft.com \
      --client-id "$client" --authority-host "$authority" --secret-stdin >/dev/null 2>&1
    # shellcheck disable=SC2086
    env ENTRATOOL_HOME="$home-keyring" ENTRATOOL_SECRET_STORE=keyring ENTRATOOL_CA_BUNDLE="$ca" $prefix get-token \
      -p bench --silent > /dev/null || { echo "ab: variant $name cannot get a token from the keyring" >&2; exit 2; }
  fi
  unset XDG_RUNTIME_DIR ENTRATOOL_SHM_DIR
done

args=()
for row in $rows; do
  no_rundir=  # "yes": the row runs without a runtime directory
  home_suffix=
  store=file
  case $row in
    get-token-cached) tail="get-token -p bench --silent" ;;
    # the same profile behind 999 others
    get-token-cached-1000) tail="get-token -p bench --silent"; home_suffix=-1000 ;;
    # the same without a runtime directory (as in a container): the full path answers from the encrypted cache
    get-token-cached-no-rundir) tail="get-token -p bench --silent"; no_rundir=yes ;;
    get-token-force) tail="get-token -p bench --silent --force" ;;
    get-token-force-keyring) tail="get-token -p bench --silent --force"; home_suffix=-keyring; store=keyring ;;
    discover) tail="discover -f $work/token.txt" ;;
    inspect) tail="inspect -f $work/token.txt" ;;
    *) echo "ab: unknown row $row" >&2; exit 2 ;;
  esac
  for i in "${!names[@]}"; do
    folders=$(variant_env "${names[$i]}")
    [ -z "$no_rundir" ] || folders=${folders#* }
    args+=(-n "$row ${names[$i]}" "env $folders ENTRATOOL_HOME=$work/home-${names[$i]}$home_suffix \
ENTRATOOL_SECRET_STORE=$store ENTRATOOL_CA_BUNDLE=$ca ${prefixes[$i]} $tail")
  done
done
echo "ab: $rounds rounds of $runs runs of each row and variant" >&2
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 1 --runs "$runs" --export-csv "$work/round.csv" "${args[@]}" > "$work/hyperfine.log" 2>&1 \
    || { cat "$work/hyperfine.log" >&2; exit 2; }
  tail -n +2 "$work/round.csv" | awk -F, -v r="$round" '{ printf "%s,%s,%.1f,%.1f\n", r, $1, $4 * 1000, ($5 + $6) * 1000 }' >> "$work/all.csv"
  echo "ab: round $round done" >&2
done

# one line per round and row: the variants' medians; then per row the medians of those and of the differences
awk -F, -v names="${names[*]}" '
  function middle(list,   n, v, i, j, x) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) { x = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { split($2, p, " "); row = p[1]; t[$1, row, p[2]] = $3; c[$1, row, p[2]] = $4; rows[row]; maxr = $1 > maxr ? $1 : maxr
    if (!(row in order)) { order[row] = ++nrows; byorder[nrows] = row } }
  END {
    nv = split(names, v, " ")
    for (k = 1; k <= nrows; k++) {
      row = byorder[k]
      printf "\n%s: medians per round [ms]\n| round |", row
      for (i = 1; i <= nv; i++) printf " %s |", v[i]
      for (i = 2; i <= nv; i++) printf " %s-%s |", v[i], v[1]
      printf "\n|---:|"
      for (i = 2; i <= 2 * nv; i++) printf "---:|"
      printf "\n"
      for (r = 1; r <= maxr; r++) {
        printf "| %d |", r
        for (i = 1; i <= nv; i++) { printf " %.1f |", t[r, row, v[i]]; all[row, v[i]] = all[row, v[i]] " " t[r, row, v[i]] }
        for (i = 2; i <= nv; i++) { d = t[r, row, v[i]] - t[r, row, v[1]]; printf " %+.1f |", d; diff[row, v[i]] = diff[row, v[i]] " " d }
        printf "\n"
      }
      printf "| median |"
      for (i = 1; i <= nv; i++) printf " %.1f |", middle(all[row, v[i]])
      for (i = 2; i <= nv; i++) printf " %+.1f |", middle(diff[row, v[i]])
      printf "\n"
      # CPU time (user + system, the mean of the runs of a round): waits for a CPU on a busy machine do not inflate it
      printf "| CPU, median |"
      for (i = 1; i <= nv; i++) { l = ""; for (r = 1; r <= maxr; r++) l = l " " c[r, row, v[i]]; printf " %.1f |", middle(l) }
      for (i = 2; i <= nv; i++) { l = ""; for (r = 1; r <= maxr; r++) l = l " " (c[r, row, v[i]] - c[r, row, v[1]]); printf " %+.1f |", middle(l) }
      printf "\n"
    }
  }' "$work/all.csv"
