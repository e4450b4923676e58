#!/usr/bin/env bash
# Try entratool without a tenant: a local Entra ID emulator (HTTPS on 127.0.0.1, a CA made for this run), a profile
# in a temporary ENTRATOOL_HOME with its secret in the encrypted file store (a key made for this run), then get-token,
# inspect and discover against it. Your real profiles, keyring and runtime directory are never used, and everything
# it made is removed when it ends, however it ends.
# Needs a JDK 17+ and Maven (it builds entratool and the test emulator first if target/ lacks them).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/entratool-try.XXXXXX")
emulator_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f target/entratool.jar ] || [ ! -f target/test-classes/dev/entratool/testing/EmulatorMain.class ]; then
  step "Building entratool and the test emulator (mvn -DskipTests package), once"
  mvn -B -q -ntp -DskipTests package
fi
# The emulator's class path (it uses test libraries): asked of Maven once, then kept in target/.
if [ ! -s target/try-classpath.txt ] || [ pom.xml -nt target/try-classpath.txt ]; then
  mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/try-classpath.txt >/dev/null
fi

step "Starting the Entra ID emulator on 127.0.0.1 with a throwaway CA (the one the tests use)"
# shellcheck source=emulator.sh
. scripts/emulator.sh
emulator_start "$work" try-secret "target/test-classes:target/classes:$(cat target/try-classpath.txt)"
echo "Emulator: $authority (tenant contoso.onmicrosoft.com, app $client with a client secret)"

# Only this run's folders: its home (profiles, encrypted secrets and their key, token cache), no runtime directory,
# no Secret Service, no passphrase of yours. ENTRATOOL_SHM_DIR names a folder that does not exist, so no access token
# goes to /dev/shm either, where it would outlive this run; the cached call is served by the encrypted cache in $work.
export ENTRATOOL_HOME="$work/home" ENTRATOOL_SECRET_STORE=file ENTRATOOL_CA_BUNDLE="$ca"
export ENTRATOOL_SHM_DIR="$work/no-memory-folder"
unset XDG_RUNTIME_DIR DBUS_SESSION_BUS_ADDRESS ENTRATOOL_VAULT_PASSPHRASE
et() { bin/entratool "$@"; }
requests() { echo "(token requests the emulator has served: $(emulator_token_requests))"; }
echo "ENTRATOOL_HOME=$ENTRATOOL_HOME (temporary), ENTRATOOL_SECRET_STORE=file, ENTRATOOL_CA_BUNDLE=<the emulator's CA>"

step "Creating a Client Credentials profile 'try-graph' (the secret is read from stdin, never from argv)"
show "entratool config create --name try-graph --tenant contoso.onmicrosoft.com --client-id $client \\"
show "    --authority-host $authority --secret-stdin"
printf 'try-secret\n' | et config create --name try-graph --tenant contoso.onmicrosoft.com --client-id "$client" \
  --authority-host "$authority" --secret-stdin

step "Getting a token: status on stderr, the token on stdout"
show "entratool get-token -p try-graph -o token.txt"
et get-token -p try-graph -o "$work/token.txt"
requests

step "Again: served from the cache, no request to the emulator"
show "entratool get-token -p try-graph --json"
et get-token -p try-graph --json
requests

step "Inspecting the token: its claims, decoded locally (no network)"
show "entratool inspect -f token.txt"
et inspect -f "$work/token.txt"

step "Discovering whether it is still valid for 30 minutes (exit 0 if so)"
show "entratool discover -f token.txt --min-validity 30"
et discover -f "$work/token.txt" --min-validity 30

step "Done: the emulator stops and $work is removed"
