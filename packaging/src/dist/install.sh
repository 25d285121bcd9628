#!/bin/bash
# Installs this Tether tree (run it as root from the tree: ./install.sh), or removes it (--uninstall).
# Safe to run again: a second install replaces the first, a second uninstall finds nothing to do.
#
#   the tree             -> PREFIX                 (default /usr/local/lib/tether)
#   its CNI plugins      -> CNI_BIN_DIR/<type>     (default /opt/cni/bin; symlinks into the tree)
#   the tether command   -> BIN_DIR/tether         (default /usr/local/bin; a symlink)
#   the daemon's unit    -> UNIT_DIR/tether.service (default /etc/systemd/system)
#   an example network   -> CONF_DIR/tether.conflist (default /etc/cni/net.d; never overwritten)
#
# --root DIR installs into DIR as if it were / (for packaging and tests: nothing outside DIR is
# touched and systemctl is not called). The plugins find the Java side through their symlinks,
# so they must stay links into the tree (a copy cannot find it).
set -euo pipefail

usage() {
  cat <<USAGE
usage: install.sh [--uninstall] [--root DIR] [--prefix DIR] [--cni-bin-dir DIR] [--bin-dir DIR]
                  [--unit-dir DIR] [--conf-dir DIR] [--no-conflist]
USAGE
}

# The value of an option that takes a directory; a missing one is bad usage (exit 2).
value() {
  if [ $# -lt 2 ] || [ -z "$2" ] || [ "${2#-}" != "$2" ]; then
    echo "install.sh: $1 needs a directory" >&2; usage >&2; exit 2
  fi
  printf '%s' "$2"
}

uninstall=0 root="" prefix=/usr/local/lib/tether cni_bin_dir=/opt/cni/bin bin_dir=/usr/local/bin
unit_dir=/etc/systemd/system conf_dir=/etc/cni/net.d conflist=1
while [ $# -gt 0 ]; do
  case $1 in
    --uninstall) uninstall=1 ;;
    --root) root=$(value "$@"); shift ;;
    --prefix) prefix=$(value "$@"); shift ;;
    --cni-bin-dir) cni_bin_dir=$(value "$@"); shift ;;
    --bin-dir) bin_dir=$(value "$@"); shift ;;
    --unit-dir) unit_dir=$(value "$@"); shift ;;
    --conf-dir) conf_dir=$(value "$@"); shift ;;
    --no-conflist) conflist=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "tether: $*"; }

for dir in "$prefix" "$cni_bin_dir" "$bin_dir" "$unit_dir" "$conf_dir"; do
  case $dir in /?*) ;; *) fail "'$dir' is not an absolute path (directories are given as on the target system)" ;; esac
done
case $prefix in */tether|*/tether-*) ;; *) fail "--prefix '$prefix' must be a directory of Tether's own, named tether" ;; esac
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd -P)
  [ "$root" != / ] || root=""
fi
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  fail "run me as root (or give --root DIR to install into a directory)"
fi
live_system() { [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

tree=$(cd "$(dirname "$0")" && pwd -P)
dest=$root$prefix
manifest=$dest/install.manifest

# A link from a system directory to a file of the tree: absolute on the live system, relative
# under --root (so that it resolves inside DIR, and in the .deb as Debian's policy asks).
link_into_tree() { # link_into_tree LINK_DIR NAME TARGET_IN_PREFIX
  local target=$3
  if [ -n "$root" ]; then target=$(realpath -m -s --relative-to="$1" "$3"); fi
  mkdir -p "$root$1"
  ln -sfn "$target" "$root$1/$2"
}

# True when LINK is a symlink into this prefix (so it is ours to remove).
ours() { [ -L "$1" ] && case $(readlink -f "$1") in "$(readlink -f "$dest")"/*) true ;; *) false ;; esac; }

do_install() {
  [ -f "$tree/BUILD-INFO" ] || fail "$tree is not a Tether install tree (no BUILD-INFO)"
  if [ -e "$dest" ] && ! [ -f "$dest/BUILD-INFO" ]; then
    fail "$dest exists and is not a Tether tree; choose another --prefix"
  fi
  if [ "$tree" != "$(readlink -f "$dest" 2>/dev/null || true)" ]; then
    # Copy next to the old tree, then swap: a plugin running meanwhile keeps its open files.
    rm -rf "$dest.new" "$dest.old"
    mkdir -p "$(dirname "$dest")"
    cp -a "$tree/." "$dest.new/"
    rm -f "$dest.new/install.manifest"
    if [ -e "$dest" ]; then mv "$dest" "$dest.old"; fi
    mv "$dest.new" "$dest"
    rm -rf "$dest.old"
    say "installed the tree in $dest"
  fi
  # The files that name the tree's place: on the live system the tree's own physical path (the
  # forwarder compares it with /proc/self/exe's), under --root $prefix as the system will see it.
  if [ -z "$root" ]; then
    "$dest/libexec/tether-java" relocate >/dev/null
  else
    "$dest/libexec/tether-java" relocate "$prefix" >/dev/null
  fi
  plugins=()
  for plugin in "$dest"/cni/*; do
    name=${plugin##*/}
    link_into_tree "$cni_bin_dir" "$name" "$prefix/cni/$name"
    plugins+=("$name")
  done
  say "CNI plugins ${plugins[*]} in $cni_bin_dir"
  link_into_tree "$bin_dir" tether "$prefix/bin/tether"
  say "the tether command in $bin_dir"
  mkdir -p "$root$unit_dir"
  sed "s|/usr/local/lib/tether/|$prefix/|g" "$dest/systemd/tether.service" > "$root$unit_dir/tether.service.new"
  mv "$root$unit_dir/tether.service.new" "$root$unit_dir/tether.service"
  say "systemd unit $unit_dir/tether.service (start the daemon: systemctl enable --now tether)"
  conf_file=""
  if [ "$conflist" = 1 ]; then
    conf_file=$conf_dir/tether.conflist
    mkdir -p "$root$conf_dir"
    if [ ! -e "$root$conf_file" ]; then
      cp "$dest/examples/tether.conflist" "$root$conf_file"
      say "example network 'tether' in $conf_file"
    elif cmp -s "$dest/examples/tether.conflist" "$root$conf_file"; then
      say "example network $conf_file already there"
    else
      say "kept your $conf_file (the example is in $prefix/examples)"
      conf_file=""
    fi
  fi
  {
    echo "# What install.sh put outside $prefix; install.sh --uninstall reads it."
    echo "cni_bin_dir=$cni_bin_dir"
    echo "plugins=${plugins[*]}"
    echo "bin_dir=$bin_dir"
    echo "unit_dir=$unit_dir"
    echo "conf_file=$conf_file"
  } > "$manifest"
  if live_system; then systemctl daemon-reload; fi
}

do_uninstall() {
  if ! [ -f "$dest/BUILD-INFO" ]; then
    say "nothing installed in $dest"
    return
  fi
  plugins=""
  conf_file=""
  if [ -f "$manifest" ]; then
    # Read the manifest as data, not as a script.
    while IFS='=' read -r key value; do
      case $key in
        cni_bin_dir) cni_bin_dir=$value ;; plugins) plugins=$value ;; bin_dir) bin_dir=$value ;;
        unit_dir) unit_dir=$value ;; conf_file) conf_file=$value ;;
      esac
    done < "$manifest"
  else
    plugins=$(cd "$dest/cni" && echo *)
  fi
  if live_system && [ -f "$unit_dir/tether.service" ]; then
    systemctl disable --now tether.service 2>/dev/null || true
  fi
  for name in $plugins; do
    if ours "$root$cni_bin_dir/$name"; then rm -f "$root$cni_bin_dir/$name"; fi
  done
  if ours "$root$bin_dir/tether"; then rm -f "$root$bin_dir/tether"; fi
  if [ -f "$root$unit_dir/tether.service" ] && grep -q "^ExecStart=$prefix/bin/tether " "$root$unit_dir/tether.service"; then
    rm -f "$root$unit_dir/tether.service"
  fi
  if [ -n "$conf_file" ] && cmp -s "$dest/examples/tether.conflist" "$root$conf_file"; then
    rm -f "$root$conf_file"
  fi
  rm -rf "$dest"
  if live_system; then systemctl daemon-reload; fi
  say "removed Tether from $prefix (the IPAM data in /var/lib/tether is kept)"
}

if [ "$uninstall" = 1 ]; then do_uninstall; else do_install; fi
