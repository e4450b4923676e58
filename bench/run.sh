#!/usr/bin/env bash
# Measures entratool against the performance targets, each beside its floor in the same run, and exits 1 when a
# target is missed. Whole bin/entratool processes, as scripts run them. See bench/README.md.
# Needs: hyperfine, curl, GNU time, Node.js 20+ with npm (apt-get install hyperfine curl time nodejs npm), a JDK 17+
# and Maven; npm installs @azure/msal-node (MSAL_NODE_VERSION) into target/ on the first run.
# Usage: bench/run.sh            RUNS=30 bench/run.sh            ENTRATOOL_SECRET_STORE=file bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine curl javac node npm; do
  command -v "$tool" >/dev/null \
    || { echo "bench: '$tool' is missing (apt-get install hyperfine curl nodejs npm)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
runs=${RUNS:-20}
parallel=${PARALLEL:-20}

# The secret store as on a desktop: GNOME Keyring on a private D-Bus session with a throwaway keyring (as
# scripts/run-tests.sh does), when installed and not overridden; else the encrypted file store.
if [ -z "${BENCH_KEYRING_SESSION:-}" ] && [ "${ENTRATOOL_SECRET_STORE:-keyring}" = keyring ] \
    && command -v gnome-keyring-daemon >/dev/null && command -v dbus-run-session >/dev/null; then
  export BENCH_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
fi
# A login session's runtime directory, as systemd-logind makes /run/user/UID: private and in memory where possible.
# Cached get-tokens are answered from it; the -keyring and -no-rundir rows run without it, as in a container, and are
# answered from this user's folder on the memory file system: a throwaway one beside it (ENTRATOOL_SHM_DIR) standing
# in for /dev/shm, so that the bench leaves nothing there.
session_home=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
export XDG_RUNTIME_DIR="$session_home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export ENTRATOOL_SHM_DIR="$session_home/shm"
mkdir -p "$ENTRATOOL_SHM_DIR"
if [ -n "${BENCH_KEYRING_SESSION:-}" ]; then
  export XDG_DATA_HOME="$session_home/data"
  mkdir -p "$XDG_DATA_HOME"
  eval "$(printf 'entratool-bench' | gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)"
  store=keyring
else
  store=${ENTRATOOL_SECRET_STORE:-file}
fi
# the file store's key comes from a key file unless this is set; only the -passphrase rows set it
unset ENTRATOOL_VAULT_PASSPHRASE

[ -f target/entratool.jar ] && [ -f target/entratool.jsa ] || mvn -q -DskipTests package
[ -f target/test-classes/dev/entratool/testing/EmulatorMain.class ] || mvn -q test-compile

work=$(mktemp -d)
emulator_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null
  rm -rf "$session_home"
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the Entra ID emulator (HTTPS on 127.0.0.1), a process of its own that lives while its stdin FIFO is open ----
mvn -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
# shellcheck source=../scripts/emulator.sh
. scripts/emulator.sh
emulator_start "$work" bench-secret "target/test-classes:target/classes:$(cat "$work/cp.txt")"

# ---- homes: one profile, and the same profile behind 999 others ----
home1="$work/home1"
home1000="$work/home1000"
et() { env ENTRATOOL_HOME="$1" ENTRATOOL_SECRET_STORE="$store" ENTRATOOL_CA_BUNDLE="$ca" bin/entratool "${@:2}"; }
printf 'bench-secret\n' | et "$home1" config create --name bench --tenant contoso.onmicrosoft.com \
  --client-id "$client" --authority-host "$authority" --secret-stdin 2>/dev/null
et "$home1" get-token -p bench --silent > "$work/token.txt"
cp -a "$home1" "$home1000"
# The encrypted file store, as on a headless server, in a container or in CI, in a home of its own for each way it
# gets its key: a key file beside the vault (secrets.key), or ENTRATOOL_VAULT_PASSPHRASE. The profiles are named after
# their home. One get-token in the session caches the token in the runtime directory and in the encrypted cache; one
# without XDG_RUNTIME_DIR keeps it in this user's folder on the memory file system too.
vault_passphrase=bench-vault-passphrase
file_home() { # NAME [VAR=VALUE...]: the home $work/NAME with the profile NAME, on the file store, its token cached
  printf 'bench-secret\n' | env "${@:2}" ENTRATOOL_HOME="$work/$1" ENTRATOOL_SECRET_STORE=file \
    ENTRATOOL_CA_BUNDLE="$ca" bin/entratool config create --name "$1" --tenant contoso.onmicrosoft.com \
    --client-id "$client" --authority-host "$authority" --secret-stdin >/dev/null 2>&1
  env "${@:2}" ENTRATOOL_HOME="$work/$1" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca" \
    bin/entratool get-token -p "$1" --silent > /dev/null
  env -u XDG_RUNTIME_DIR "${@:2}" ENTRATOOL_HOME="$work/$1" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca" \
    bin/entratool get-token -p "$1" --silent > /dev/null
}
file_home file-keyfile
file_home file-passphrase ENTRATOOL_VAULT_PASSPHRASE="$vault_passphrase"
[ -f "$work/file-keyfile/secrets.key" ] && [ ! -e "$work/file-passphrase/secrets.key" ] \
  && grep -q passphrase "$work/file-passphrase/secrets.vault" \
  || { echo "bench: the file store homes did not get their key from a key file and a passphrase" >&2; exit 2; }
# without a runtime directory the entry goes to the memory file system's folder: run once so that it is there
[ "$store" = keyring ] && env -u XDG_RUNTIME_DIR ENTRATOOL_HOME="$home1" ENTRATOOL_SECRET_STORE="$store" \
  ENTRATOOL_CA_BUNDLE="$ca" bin/entratool get-token -p bench --silent > /dev/null
bench/thousand-profiles.sh "$home1" "$home1000"
[ "$(et "$home1000" config list --json | grep -c '"name"')" -eq 1000 ] || { echo "bench: 1000-profile setup failed" >&2; exit 2; }

# ---- floors ----
mkdir -p "$work/floor"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  > "$work/floor/Hello.java"
javac -d "$work/floor" "$work/floor/Hello.java"
form="grant_type=client_credentials&client_id=$client&client_secret=bench-secret&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
curl -sf --cacert "$ca" -o /dev/null -d "$form" "$authority/contoso.onmicrosoft.com/oauth2/v2.0/token" \
  || { echo "bench: curl cannot reach the emulator" >&2; exit 2; }
# The same POST from the least Java that makes it, with a CDS archive of its own from one training run and the
# launcher's compiler flags: what any cold JVM pays for one HTTPS request here, whatever it runs on top.
mkdir -p "$work/tls-floor"
javac -d "$work/tls-floor" bench/TlsPostFloor.java
(cd "$work/tls-floor" && jar cf tls-floor.jar TlsPostFloor.class)
tls_floor="java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp $work/tls-floor/tls-floor.jar TlsPostFloor $ca $authority/contoso.onmicrosoft.com/oauth2/v2.0/token $form"
tls_floor_cmd=$tls_floor
# shellcheck disable=SC2086
env ${tls_floor/java /java -XX:ArchiveClassesAtExit=$work/tls-floor/tls-floor.jsa -Xlog:cds=off,cds+dynamic=off } \
  > /dev/null || { echo "bench: the Java floor cannot reach the emulator" >&2; exit 2; }
tls_floor=${tls_floor/java /java -XX:SharedArchiveFile=$work/tls-floor/tls-floor.jsa }
# MSAL for Node.js getting the same token (one acquireTokenByClientCredential): from npm, installed once into target/
# beside a copy of bench/msal-node-floor.mjs, since node resolves a package from the importing script's folder.
msal_node_version=${MSAL_NODE_VERSION:-7.2.3}
msal_node_dir="target/msal-node-$msal_node_version"
if [ ! -f "$msal_node_dir/node_modules/@azure/msal-node/package.json" ]; then
  echo "bench: installing @azure/msal-node@$msal_node_version into $msal_node_dir..." >&2
  npm install --prefix "$msal_node_dir" --no-audit --no-fund --silent "@azure/msal-node@$msal_node_version" >&2 \
    || { echo "bench: npm cannot install @azure/msal-node@$msal_node_version" >&2; exit 2; }
fi
cp bench/msal-node-floor.mjs "$msal_node_dir/"
msal_node="node $msal_node_dir/msal-node-floor.mjs $authority/contoso.onmicrosoft.com $client bench-secret"
# shellcheck disable=SC2086
env NODE_EXTRA_CA_CERTS="$ca" $msal_node > /dev/null \
  || { echo "bench: MSAL for Node.js cannot get a token from the emulator" >&2; exit 2; }

# name|command: every command starts through env, so that none pays a different start-up
envs="env ENTRATOOL_SECRET_STORE=$store ENTRATOOL_CA_BUNDLE=$ca"
file_envs="ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE=$ca"
keyfile="$file_envs ENTRATOOL_HOME=$work/file-keyfile bin/entratool get-token -p file-keyfile --silent"
passphrase="$file_envs ENTRATOOL_VAULT_PASSPHRASE=$vault_passphrase ENTRATOOL_HOME=$work/file-passphrase"
passphrase="$passphrase bin/entratool get-token -p file-passphrase --silent"
commands=(
  "jvm-floor|env java -Xshare:auto -cp $work/floor Hello"
  "java-tls-floor|env $tls_floor"
  "curl-floor|env curl -sf --cacert $ca -o /dev/null -d $form $authority/contoso.onmicrosoft.com/oauth2/v2.0/token"
  "msal-node|env NODE_EXTRA_CA_CERTS=$ca $msal_node"
  "get-token-cached|$envs ENTRATOOL_HOME=$home1 bin/entratool get-token -p bench --silent"
  "get-token-cached-1000|$envs ENTRATOOL_HOME=$home1000 bin/entratool get-token -p bench --silent"
  "get-token-cached-file-keyfile|env $keyfile"
  "get-token-cached-file-keyfile-no-rundir|env -u XDG_RUNTIME_DIR $keyfile"
  "get-token-cached-file-passphrase|env $passphrase"
  "get-token-cached-file-passphrase-no-rundir|env -u XDG_RUNTIME_DIR $passphrase"
  "discover|$envs ENTRATOOL_HOME=$home1 bin/entratool discover -f $work/token.txt"
  "inspect|$envs ENTRATOOL_HOME=$home1 bin/entratool inspect -f $work/token.txt"
  "get-token-force|$envs ENTRATOOL_HOME=$home1 bin/entratool get-token -p bench --silent --force"
  "config-list|$envs ENTRATOOL_HOME=$home1 bin/entratool config list"
  "config-list-1000|$envs ENTRATOOL_HOME=$home1000 bin/entratool config list"
)
# with the keyring and no runtime directory: the entry comes from the memory file system's folder, not the keyring
if [ "$store" = keyring ]; then
  commands+=("get-token-cached-keyring|env -u XDG_RUNTIME_DIR $envs ENTRATOOL_HOME=$home1 bin/entratool get-token -p bench --silent")
fi
# JDK 25 (JAVA_25, else one under /usr/lib/jvm): its own rows beside JDK 17's, on the AOT cache the launcher makes for
# a JDK on its first run (in the bench's cache folder, from one get-token --force before the timed runs), and with its
# own floors
java25=${JAVA_25:-}
if [ -z "$java25" ]; then
  for jdk in /usr/lib/jvm/*; do
    [ -L "$jdk" ] || [ ! -x "$jdk/bin/java" ] && continue
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null)
    [ "${feature:-0}" -ge 25 ] && java25=$jdk
  done
fi
if [ -n "$java25" ]; then
  echo "bench: JDK 25+ rows with $java25" >&2
  export XDG_CACHE_HOME="$work/cache"
  env JAVA_HOME="$java25" ENTRATOOL_HOME="$home1" ENTRATOOL_SECRET_STORE="$store" ENTRATOOL_CA_BUNDLE="$ca" \
    bin/entratool get-token -p bench --silent --force > /dev/null \
    || { echo "bench: entratool cannot get a token on $java25" >&2; exit 2; }
  tls_floor25=${tls_floor_cmd/java /$java25/bin/java -XX:SharedArchiveFile=$work/tls-floor/tls-floor-25.jsa }
  # shellcheck disable=SC2086
  env ${tls_floor_cmd/java /$java25/bin/java -XX:ArchiveClassesAtExit=$work/tls-floor/tls-floor-25.jsa -Xlog:cds=off,cds+dynamic=off,aot=off } \
    > /dev/null || { echo "bench: the Java floor cannot reach the emulator on $java25" >&2; exit 2; }
  commands+=(
    "jvm-floor-jdk25|env $java25/bin/java -Xshare:auto -cp $work/floor Hello"
    "java-tls-floor-jdk25|env $tls_floor25"
    "get-token-cached-jdk25|$envs JAVA_HOME=$java25 ENTRATOOL_HOME=$home1 bin/entratool get-token -p bench --silent"
    "discover-jdk25|$envs JAVA_HOME=$java25 ENTRATOOL_HOME=$home1 bin/entratool discover -f $work/token.txt"
    "get-token-force-jdk25|$envs JAVA_HOME=$java25 ENTRATOOL_HOME=$home1 bin/entratool get-token -p bench --silent --force"
  )
fi
args=()
for entry in "${commands[@]}"; do
  args+=(-n "${entry%%|*}" "${entry#*|}")
done
# In rounds, each running every command in turn, so that a slow spell of the machine falls on all of them alike
# rather than on whichever ran then; a row's figure is the median of its round medians.
rounds=${ROUNDS:-5}
per_round=$(( (runs + rounds - 1) / rounds ))
[ "$per_round" -ge 2 ] || per_round=2
echo "bench: $rounds rounds of $per_round runs of each command (secret store: $store)..." >&2
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 2 --runs "$per_round" --export-csv "$work/times.$round.csv" "${args[@]}" \
    > "$work/hyperfine.log" 2>&1 || { cat "$work/hyperfine.log" >&2; exit 2; }
  tail -n +2 "$work/times.$round.csv" >> "$work/times.csv"
done

# peak resident memory (KB) of the slowest of 5 runs
for entry in "${commands[@]}"; do
  name=${entry%%|*}
  peak=0
  for _ in 1 2 3 4 5; do
    # shellcheck disable=SC2086
    kb=$(/usr/bin/time -f '%M' -o "$work/rss" ${entry#*|} >/dev/null 2>&1; tail -n 1 "$work/rss")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$name,$peak" >> "$work/rss.csv"
done

# ---- single flight: parallel processes for one profile, first on an empty cache, then on a warm one ----
flight() { # prints: processes that printed a token, token requests they caused
  local before after ok=0 i
  before=$(emulator_token_requests)
  for i in $(seq "$parallel"); do
    et "$home1" get-token -p flight --silent > "$work/flight.$i.out" 2>&1 &
  done
  wait
  for i in $(seq "$parallel"); do
    grep -Eq '^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$work/flight.$i.out" && ok=$((ok + 1))
  done
  after=$(emulator_token_requests)
  echo "$ok $((after - before))"
}
# a profile of its own, never used before: nothing cached for it anywhere
printf 'bench-secret\n' | et "$home1" config create --name flight --tenant contoso.onmicrosoft.com \
  --client-id "$client" --authority-host "$authority" --secret-stdin 2>/dev/null
read -r cold_ok cold_requests < <(flight)
read -r warm_ok warm_requests < <(flight)

# ---- report ----
awk -F, -v rounds="$rounds" -v per_round="$per_round" -v parallel="$parallel" -v cold_ok="$cold_ok" -v cold_req="$cold_requests" \
    -v warm_ok="$warm_ok" -v warm_req="$warm_requests" -v rssfile="$work/rss.csv" '
  BEGIN { while ((getline line < rssfile) > 0) { split(line, r, ","); rss[r[1]] = r[2] / 1024 } }
  { t[$1] = t[$1] " " $4 * 1000 }
  function row(name, limit, floorname, rule, label,   ok) {
    ok = median[name] <= limit
    if (!ok) missed++
    printf "| %s | %.1f | %.1f | %s | %s | %s |\n", label == "" ? name : label, median[name], rss[name], \
      floorname == "" ? "" : sprintf("%.2fx %s", median[name] / median[floorname], floorname), rule, ok ? "ok" : "MISSED"
  }
  function middle(list,   n, v, i, j, x) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) { x = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    for (name in t) median[name] = middle(t[name])
    jvm = median["jvm-floor"]; net = median["curl-floor"]; tls = median["java-tls-floor"]; msal = median["msal-node"]
    print "| Measure | Median [ms] | Peak RSS [MB] | Ratio | Target | |"
    print "|:---|---:|---:|---:|:---|:---|"
    printf "| jvm-floor (java -Xshare:auto Hello) | %.1f | %.1f | | | |\n", jvm, rss["jvm-floor"]
    printf "| curl-floor (one token POST) | %.1f | %.1f | | | |\n", net, rss["curl-floor"]
    printf "| java-tls-floor (that POST from a bare cold JVM) | %.1f | %.1f | %.2fx curl-floor | | |\n", \
      tls, rss["java-tls-floor"], tls / net
    printf "| msal-node (MSAL for Node.js: one acquireTokenByClientCredential) | %.1f | %.1f | %.2fx java-tls-floor | | |\n", \
      msal, rss["msal-node"], msal / tls
    row("get-token-cached", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    if (rss["get-token-cached"] >= 80) { missed++; print "| get-token-cached peak RSS | | " rss["get-token-cached"] " | | < 80 MB | MISSED |" }
    if ("get-token-cached-keyring" in median)
      row("get-token-cached-keyring", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor (no runtime directory: from the memory folder)")
    row("get-token-cached-file-keyfile", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("get-token-cached-file-keyfile-no-rundir", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("get-token-cached-file-passphrase", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("get-token-cached-file-passphrase-no-rundir", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("discover", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("inspect", 1.2 * jvm, "jvm-floor", "<= 1.2x jvm-floor")
    row("get-token-force", tls + 70, "java-tls-floor", sprintf("<= java-tls-floor + 70 ms (%+.1f ms)", median["get-token-force"] - tls))
    row("get-token-force", 1.25 * msal, "msal-node", "<= 1.25x msal-node", "get-token-force against MSAL for Node.js")
    if ("jvm-floor-jdk25" in median) {
      jvm25 = median["jvm-floor-jdk25"]; tls25 = median["java-tls-floor-jdk25"]
      printf "| jvm-floor-jdk25 (the same on JDK 25+) | %.1f | %.1f | | | |\n", jvm25, rss["jvm-floor-jdk25"]
      printf "| java-tls-floor-jdk25 | %.1f | %.1f | %.2fx curl-floor | | |\n", tls25, rss["java-tls-floor-jdk25"], tls25 / net
      row("get-token-cached-jdk25", 1.2 * jvm25, "jvm-floor-jdk25", "<= 1.2x jvm-floor-jdk25")
      row("discover-jdk25", 1.2 * jvm25, "jvm-floor-jdk25", "<= 1.2x jvm-floor-jdk25")
      row("get-token-force-jdk25", tls25 + 70, "java-tls-floor-jdk25", \
        sprintf("<= java-tls-floor-jdk25 + 70 ms (%+.1f ms)", median["get-token-force-jdk25"] - tls25))
    }
    row("config-list", 1e9, "", "(base for the 1000-profile row)")
    row("config-list-1000", 1.3 * median["config-list"], "config-list", "<= 1.3x config-list")
    row("get-token-cached-1000", 1.1 * median["get-token-cached"], "get-token-cached", "<= 1.1x get-token-cached")
    ok = cold_ok == parallel && cold_req == 1
    if (!ok) missed++
    printf "| %d parallel get-token, empty cache | %d/%d printed a token | | | exactly 1 token request: %d | %s |\n", \
      parallel, cold_ok, parallel, cold_req, ok ? "ok" : "MISSED"
    ok = warm_ok == parallel && warm_req == 0
    if (!ok) missed++
    printf "| %d parallel get-token, warm cache | %d/%d printed a token | | | no token request: %d | %s |\n", \
      parallel, warm_ok, parallel, warm_req, ok ? "ok" : "MISSED"
    printf "\n%d rounds of %d runs of each command (median of the round medians), %s\n", rounds, per_round, \
      missed ? missed " target(s) missed" : "all targets met"
    exit missed ? 1 : 0
  }' "$work/times.csv"
