# Sourced by bench/run.sh and bench/ab.sh: starts the test emulator of Entra ID (HTTPS on 127.0.0.1, from the test
# classes) as a process of its own that lives while its stdin FIFO (file descriptor 3) is open. It answers without
# Nagle's delay, as a real server does; else a delayed ACK would add to every network row.
# Needs $work (a scratch folder) and the project folder as the current one; sets emulator_pid, authority, client, ca.
mvn -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
mkfifo "$work/emulator.in"
java -Dsun.net.httpserver.nodelay=true -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" \
  dev.entratool.testing.EmulatorMain "$work/emulator" bench-secret < "$work/emulator.in" > "$work/emulator.out" &
emulator_pid=$!
exec 3>"$work/emulator.in"
for _ in $(seq 200); do [ -s "$work/emulator.out" ] && break; sleep 0.1; done
read -r authority client < "$work/emulator.out"
ca="$work/emulator/ca.pem"
