# Sourced by scripts/try.sh and bench/run.sh: the test suite's Entra ID emulator (testing/EmulatorMain, HTTPS on
# 127.0.0.1, a CA made for the run) as a process of its own, which serves while its stdin FIFO (fd 3) is open.

# emulator_start DIR SECRET CLASSPATH: starts it with its files in DIR and one app holding the client secret SECRET;
# sets emulator_pid, authority, client and ca (the CA bundle to trust).
emulator_start() {
  local dir=$1
  mkfifo "$dir/emulator.in"
  # -Dsun.net.httpserver.nodelay: answers without Nagle's delay, as a real server does (see EmulatorMain)
  java -Dsun.net.httpserver.nodelay=true -cp "$3" dev.entratool.testing.EmulatorMain "$dir/emulator" "$2" \
    < "$dir/emulator.in" > "$dir/emulator.out" 2> "$dir/emulator.err" &
  emulator_pid=$!
  emulator_dir=$dir
  exec 3>"$dir/emulator.in"
  for _ in $(seq 300); do [ -s "$dir/emulator.out" ] && break; sleep 0.1; done
  read -r authority client < "$dir/emulator.out" || { cat "$dir/emulator.err" >&2; return 1; }
  ca="$dir/emulator/ca.pem"
}

# emulator_token_requests: prints how many token requests the emulator has served.
emulator_token_requests() {
  local lines
  lines=$(wc -l < "$emulator_dir/emulator.out")
  echo token-requests >&3
  for _ in $(seq 100); do
    [ "$(wc -l < "$emulator_dir/emulator.out")" -gt "$lines" ] && break
    sleep 0.05
  done
  tail -n 1 "$emulator_dir/emulator.out"
}
