#!/usr/bin/env bash
# Runs the whole test suite (unit, CLI and end-to-end tests through bin/entratool).
# Where GNOME Keyring is installed, the suite runs inside a private D-Bus session with a throwaway, unlocked keyring,
# so the secret-store tests use a real Secret Service without touching your own keyring. Without it those tests
# are reported as skipped (set ENTRATOOL_REQUIRE_KEYRING=1 to make that an error, as CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ENTRATOOL_KEYRING_SESSION:-}" ] && command -v gnome-keyring-daemon >/dev/null 2>&1 \
    && command -v dbus-run-session >/dev/null 2>&1; then
  export ENTRATOOL_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

if [ -n "${ENTRATOOL_KEYRING_SESSION:-}" ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  # A private keyring folder, created and unlocked with a throwaway password.
  export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$keyring_home/daemon"
  chmod 700 "$XDG_RUNTIME_DIR" "$keyring_home/daemon"
  # The daemon keeps its control socket in a folder of its own, apart from the runtime directory the tests use.
  eval "$(printf 'entratool-test' | XDG_RUNTIME_DIR="$keyring_home/daemon" \
    gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)"
  # Wait until it owns the Secret Service's name. NameHasOwner never starts a service, so D-Bus cannot start a
  # second, locked keyring in a race with this one.
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

exec mvn -B -ntp verify "$@"
