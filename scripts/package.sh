#!/bin/sh
# Build-only (pom.xml, package phase): the release archive target/entratool-VERSION-linux-x64.tar.gz, which
# scripts/install.sh installs. It holds a runtime made with jlink from the building JDK, the launcher, the jars and
# the training's class lists; install.sh makes the class-data archives from those lists with that runtime where it
# installs them, as a JDK 17 archive holds the jar's absolute path and serves no jar elsewhere.
# Usage: scripts/package.sh JAVA_HOME VERSION (from the project folder, after the archives are built)
set -eu
java_home=$1
version=$2
target=target
name=entratool-$version
stage=$target/release/$name
tarball=$target/$name-linux-x64.tar.gz
rm -rf "$target/release" "$tarball"
if [ ! -d "$java_home/jmods" ]; then
  echo "warning: no $tarball: $java_home has no jmods folder for jlink" >&2
  exit 0
fi
# What jdeps --print-module-deps finds in the jar, which holds the libraries' classes too (java.desktop for MSAL's and JNA's references,
# java.logging for the libraries' java.util.logging, jdk.httpserver for the browser sign-in's loopback listener,
# jdk.net and jdk.security.auth for D-Bus over a unix socket), and what it cannot see: jdk.crypto.ec, the provider
# of TLS's elliptic-curve key exchange and signatures on JDK 17.
modules=java.base,java.desktop,java.logging,jdk.httpserver,jdk.net,jdk.security.auth,jdk.crypto.ec
mkdir -p "$stage/bin" "$stage/lib" "$stage/licenses"
# Not jlink's --compress: classes the archive does not hold would load slower from a compressed image; the
# tarball is compressed instead.
# jlink's release file names only the version: the build it comes from is added, and that it is this release's own
# runtime, which the launcher's check of an archive against its JVM's build (bin/entratool) then tells apart.
mkdir -p "$target/release"
{
  grep -E '^(IMPLEMENTOR|JAVA_RUNTIME_VERSION)=' "$java_home/release" || true
  echo "IMPLEMENTOR_VERSION=\"$name runtime\""
} > "$target/release/release-info"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --release-info "$target/release/release-info" --output "$stage/runtime"
cp bin/entratool "$stage/bin/"
cp "$target/entratool.jar" "$target/entratool.jar.id" "$stage/lib/"
# each library's licence and notice files, which its jar carried and the one jar leaves out (pom.xml); a library
# whose jar carries none names its licence in its POM
for library in "$target"/lib/*.jar; do
  entries=$("$java_home/bin/jar" tf "$library" \
    | grep -E '^META-INF/(([^/]*-)?(LICENSE|NOTICE)[^/]*|AL2\.0|LGPL2\.1)$' || true)
  [ -n "$entries" ] || continue
  folder=$stage/licenses/$(basename "$library" .jar)
  mkdir -p "$folder"
  library=$(cd "$(dirname "$library")" && pwd)/$(basename "$library")
  # shellcheck disable=SC2086
  (cd "$folder" && "$java_home/bin/jar" xf "$library" $entries && mv META-INF/* . && rmdir META-INF)
done
for kind in "" -fast -token; do
  cp "$target/entratool$kind.classlist" "$stage/lib/entratool$kind.classlist"
  # the runtime's build, which the launcher checks an archive against
  "$stage/runtime/bin/java" -Xlog:disable -cp "$target/test-classes" dev.entratool.build.CdsTraining jdk \
    "$stage/lib/entratool$kind.jsa.jdk"
done
tar -C "$target/release" -czf "$tarball" "$name"
rm -rf "$target/release"
