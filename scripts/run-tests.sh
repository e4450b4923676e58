#!/usr/bin/env bash
# Runs the whole test suite (unit, CLI and end-to-end tests through bin/entratool).
# Where GNOME Keyring is installed, the suite runs inside a private D-Bus session with a throwaway, unlocked keyring,
# so the secret-store tests use a real Secret Service without touching your own keyring. Without it those tests
# are reported as skipped (set ENTRATOOL_REQUIRE_KEYRING=1 to make that an error, as CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ENTRATOOL_KEYRING_SESSION:-}" ] && command -v gnome-keyring-daemon >/dev/null 2>&1 \
    && command -v dbus-run-session >/dev/null 2>&1; then
  # A session bus that starts no service on demand: if the keyring daemon ever dies mid-run, no client can make
  # D-Bus start a second, locked one in its place (the loop below starts it again, unlocked).
  bus_config=$(mktemp)
  cat > "$bus_config" <<'CONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
  export ENTRATOOL_KEYRING_SESSION=$bus_config
  exec dbus-run-session --config-file="$bus_config" -- "$0" "$@"
fi

if [ -n "${ENTRATOOL_KEYRING_SESSION:-}" ]; then
  rm -f "$ENTRATOOL_KEYRING_SESSION" # the bus has read it
  keyring_home=$(mktemp -d)
  supervisor=
  stop_keyring() {
    touch "$keyring_home/stop"
    [ -n "$supervisor" ] && pkill -P "$supervisor" gnome-keyring-d 2>/dev/null
    wait 2>/dev/null
    rm -rf "$keyring_home"
  }
  trap stop_keyring EXIT
  # A private keyring folder, created and unlocked with a throwaway password.
  export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$keyring_home/daemon"
  chmod 700 "$XDG_RUNTIME_DIR" "$keyring_home/daemon"
  # The daemon keeps its control socket in a folder of its own, apart from the runtime directory the tests use. It
  # runs in the foreground of a loop that starts it again, unlocked, should it die (GNOME Keyring 42 on Debian 12 has
  # aborted on a glib assertion under heavy load); each restart is reported with the daemon's last words.
  (
    while [ ! -e "$keyring_home/stop" ]; do
      status=0
      printf 'entratool-test' | XDG_RUNTIME_DIR="$keyring_home/daemon" \
        gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>"$keyring_home/daemon.log" \
        || status=$?
      [ -e "$keyring_home/stop" ] && break
      echo "run-tests: gnome-keyring-daemon exited (status $status); starting it again. Its last words:" >&2
      tail -n 5 "$keyring_home/daemon.log" >&2 || true
      sleep 0.2
    done
  ) &
  supervisor=$!
  # Wait until it owns the Secret Service's name.
  for _ in $(seq 1 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
    sleep 0.1
  done
  export ENTRATOOL_TEST_KEYRING=1
  echo "run-tests: using GNOME Keyring on a private D-Bus session for the Secret Service tests" >&2
elif [ "${ENTRATOOL_REQUIRE_KEYRING:-}" = 1 ]; then
  echo "run-tests: ENTRATOOL_REQUIRE_KEYRING=1 but gnome-keyring-daemon or dbus-run-session is missing" >&2
  exit 1
else
  echo "run-tests: no GNOME Keyring here; the Secret Service tests will be skipped" >&2
fi

mvn -B -ntp verify "$@"
