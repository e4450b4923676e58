#!/bin/sh
# Installs entratool from its release archive (target/entratool-VERSION-linux-x64.tar.gz, made by 'mvn package';
# ENTRATOOL_RELEASE names another) into PREFIX/lib/entratool, with the command PREFIX/bin/entratool linked to it.
# It brings its own Java runtime: the machine needs none. An older install is replaced in place: the new one is
# unpacked beside it, and one rename of a link switches to it, so a command running meanwhile finds one or the other.
# Usage: scripts/install.sh [PREFIX]              (PREFIX defaults to ~/.local)
#        scripts/install.sh --uninstall [PREFIX]  removes PREFIX/lib/entratool and the PREFIX/bin/entratool link
set -eu
uninstall=
case ${1:-} in
  --uninstall) uninstall=1; shift ;;
  -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
  -*) echo "Error: unknown option $1" >&2; echo "Hint: Run '$0 --help'" >&2; exit 2 ;;
esac
prefix=${1:-${HOME:?}/.local}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd -P)
dest=$prefix/lib/entratool
link=$prefix/bin/entratool

# The command's link is ours only if it points into our folder: never remove or replace another program's file.
ours() {
  [ -h "$link" ] && case $(readlink "$link") in */lib/entratool/current/bin/entratool) true ;; *) false ;; esac
}

if [ -n "$uninstall" ]; then
  if ours; then rm -f "$link"; fi
  rm -rf "$dest"
  echo "entratool removed from $prefix" >&2
  exit 0
fi

release=${ENTRATOOL_RELEASE:-}
if [ -z "$release" ]; then
  for release in "$(dirname "$0")"/../target/entratool-*-linux-x64.tar.gz; do :; done
fi
if [ ! -f "$release" ]; then
  echo "Error: no release archive found (target/entratool-VERSION-linux-x64.tar.gz)" >&2
  echo "Hint: Build it with 'mvn -q -DskipTests package', or name one with ENTRATOOL_RELEASE" >&2
  exit 1
fi
if [ -e "$link" ] && ! ours; then
  echo "Error: $link exists and is not entratool's link" >&2
  echo "Hint: Remove it, or install into another PREFIX" >&2
  exit 1
fi

mkdir -p "$dest" "$prefix/bin"
new=$(mktemp -d "$dest/release.XXXXXX")
trap 'rm -rf "$new" "$dest/current.new.$$" "$link.new.$$"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# owned by whoever installs (as root, tar would otherwise keep the builder's user id)
tar -xzf "$release" -C "$new" --strip-components=1 --no-same-owner
chmod 755 "$new"
# The class-data archives, made here by the bundled runtime from the build's training: an archive holds the absolute
# path of the jar it serves, so it can only be made where that jar stays. Without one entratool only starts slower.
for kind in "" -fast -token; do
  "$new/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$new/lib/entratool$kind.classlist" \
    -XX:SharedArchiveFile="$new/lib/entratool$kind.jsa" -Xlog:disable -cp "$new/lib/entratool.jar" >/dev/null 2>&1 \
    || rm -f "$new/lib/entratool$kind.jsa"
done
"$new/bin/entratool" --version >/dev/null

# switch: one rename of the 'current' link, then of the command's link; then the older releases go
ln -s "${new##*/}" "$dest/current.new.$$"
mv -T "$dest/current.new.$$" "$dest/current"
trap 'rm -f "$link.new.$$"' EXIT
ln -s ../lib/entratool/current/bin/entratool "$link.new.$$"
mv -T "$link.new.$$" "$link"
for old in "$dest"/release.*; do
  [ "$old" = "$new" ] || rm -rf "$old"
done
trap - EXIT
echo "entratool installed in $dest; run it as $link$(case :$PATH: in *:$prefix/bin:*) ;; *) echo " (add $prefix/bin to PATH)" ;; esac)" >&2
