#!/usr/bin/env bash
# Builds the install tree (TREE, i.e. packaging/target/tether) and the .deb; run by Maven at
# `package` with the variables the pom sets:
#   TREE VERSION BUILD_DIR DIST_DIR TETHER_JAR FORWARDER BUILD_JDK [RUNTIME_JDK]
#
# The tree:
#   bin/tether                  the CLI (sh, runs libexec/tether-java)
#   cni/<type>                  one executable per plugin type: symlinks to libexec/tether-fwd
#   libexec/tether-fwd          the C forwarder (to the daemon, else exec tether-plugin)
#   libexec/tether-plugin       the Java plugin (sh, runs tether-java plugin <type>)
#   libexec/tether-java         the JVM with the tree's class path and flags (generated)
#   lib/                        tether.jar (Tether and its dependencies, merged by the shade
#                               plugin), tether-boot.jar (resources looked up at every start),
#                               libjffi (and liblz4-java with AppCDS), the class-data archive
#                               trained on real ADD/DEL
#   runtime/                    the Java runtime (jlink)
#   systemd/, examples/, install.sh, BUILD-INFO, tmp/ (the JVM's private temp dir)
set -euo pipefail

log() { echo "[tether-packaging] $*"; }
die() { echo "[tether-packaging] ERROR: $*" >&2; exit 1; }

: "${TREE:?}" "${VERSION:?}" "${BUILD_DIR:?}" "${DIST_DIR:?}" "${TETHER_JAR:?}" "${FORWARDER:?}" "${BUILD_JDK:?}"
DEB_DIR=$(cd "$DIST_DIR/../deb" && pwd)
# The modules the jars use (jdeps): jdk.net for SO_PEERCRED, jdk.unsupported for the Unsafe of
# MapDB's dependencies and of jffi, java.logging for MapDB and jffi; and the tree's own
# System.LoggerFinder (src/runtime).
MODULES=java.base,java.logging,jdk.net,jdk.unsupported,dev.tether.logfinder

[ -x "$FORWARDER" ] || die "no forwarder at $FORWARDER: build the native module first (mvn -pl packaging -am package)"

major_of() { # the feature version of the JDK in $1, from its release file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

choose_runtime_jdk() {
  if [ -n "${RUNTIME_JDK:-}" ]; then
    echo "$RUNTIME_JDK"
    return
  fi
  local best="" best_major=0 jdk major
  for jdk in /usr/lib/jvm/*/; do
    jdk=${jdk%/}
    [ -x "$jdk/bin/jlink" ] && [ -x "$jdk/bin/java" ] && [ ! -L "$jdk" ] || continue
    major=$(major_of "$jdk")
    if [ -n "$major" ] && [ "$major" -ge 24 ] && [ "$major" -gt "$best_major" ]; then
      best=$jdk best_major=$major
    fi
  done
  echo "${best:-$BUILD_JDK}"
}

# --- lib/: the merged jar and jffi's library -------------------------------------------------------
make_lib() {
  local kind=$1 lib=$TREE/lib scratch=$BUILD_DIR/tree-scratch arch
  mkdir -p "$lib"
  cp "$TETHER_JAR" "$lib/tether.jar"
  # Resources every JVM of the tree looks up, in a jar of their own ahead of the merged one: a
  # lookup that the merged jar had to answer would make the JVM read its index (~8,000 entries).
  # Stored, not deflated: reading it then needs no Inflater (its class init loads libzip, ~1.5 ms).
  "$BUILD_JDK/bin/jar" --create --no-manifest --no-compress --file "$lib/tether-boot.jar" -C "$DIST_DIR/boot" .
  # jffi would unpack its library into java.io.tmpdir at every start: ship it unpacked instead.
  arch=$(uname -m)
  rm -rf "$scratch" && mkdir -p "$scratch"
  (cd "$scratch" && "$BUILD_JDK/bin/jar" xf "$BUILD_DIR"/tree-native/jffi-*-native.jar "jni/$arch-Linux/")
  cp "$scratch/jni/$arch-Linux/"libjffi-*.so "$lib/" || die "jffi has no library for $arch-Linux"
  # lz4 (MapDB's hashing) too where its classes come from the class path (AppCDS): it finds
  # liblz4-java.so on java.library.path (lib/). From the boot class path it hashes in Java.
  if [ "$kind" = cds ]; then
    local lz4_arch=$arch
    [ "$arch" = x86_64 ] && lz4_arch=amd64
    (cd "$scratch" && "$BUILD_JDK/bin/jar" xf "$BUILD_DIR"/tree-native/lz4-java-*.jar "net/jpountz/util/linux/$lz4_arch/")
    cp "$scratch/net/jpountz/util/linux/$lz4_arch/liblz4-java.so" "$lib/" || die "lz4-java has no library for linux/$lz4_arch"
  fi
  rm -rf "$scratch"
}

# --- runtime/ and the launchers -----------------------------------------------------------------
make_runtime() {
  local jdk=$1 modules=$BUILD_DIR/runtime-modules src
  src=$(dirname "$DIST_DIR")/runtime/dev.tether.logfinder
  # The tree's System.LoggerFinder, a module of the runtime: the first use of java.util.logging
  # asks for LoggerFinder services, and an answer from a runtime module comes before the JVM
  # searches (and reads the index of) the class-path jars.
  rm -rf "$modules" && mkdir -p "$modules/classes"
  "$jdk/bin/javac" -d "$modules/classes" "$src/module-info.java" "$src"/dev/tether/packaging/logfinder/*.java \
    || die "cannot compile the runtime's dev.tether.logfinder module"
  "$jdk/bin/jar" --create --file "$modules/dev.tether.logfinder.jar" -C "$modules/classes" .
  "$jdk/bin/jlink" --module-path "$modules/dev.tether.logfinder.jar" --add-modules "$MODULES" --strip-debug \
    --no-man-pages --no-header-files --generate-cds-archive --output "$TREE/runtime" > "$BUILD_DIR/jlink.log" 2>&1 \
    || { cat "$BUILD_DIR/jlink.log"; die "jlink failed"; }
  strip_security_properties
}

# Every JVM that touches InetAddress reads conf/security/java.security (72 KB, 95 % comments) in
# its class init: the runtime keeps the same properties without the comments (~3 ms of each
# exec'd plugin), checked against the original.
strip_security_properties() {
  local file=$TREE/runtime/conf/security/java.security here
  here=$(dirname "${BASH_SOURCE[0]}")
  awk -f "$here/strip-properties.awk" "$file" > "$file.stripped"
  "$BUILD_JDK/bin/java" "$here/PropertiesEqual.java" "$file" "$file.stripped" \
    || die "stripping the comments of $file changed its properties"
  chmod --reference="$file" "$file.stripped"
  mv "$file.stripped" "$file"
}

make_launchers() {
  local kind=$1 archive use_archive jvm_options short_options='' dump class_path
  if [ "$kind" = aot ]; then
    # The jars on the boot class path: the JVM then loads the cache's ~1,100 classes of theirs at
    # start without a protection domain, a package definition and a class-loader entry for each
    # (~15 ms less before main). Their classes have no class loader (getClassLoader() is null),
    # which Tether and the paths of its libraries in use allow: slf4j finds its provider through
    # the service lookup (told it by name, it would ask the null loader), lz4 hashes in Java. The
    # class path must name something (none would mean the working directory): the boot jar.
    # (JDK 17's AppCDS archive of such classes breaks interface calls: that kind keeps -cp.)
    class_path='-Xbootclasspath/a:"$lib/tether-boot.jar:$lib/tether.jar" -cp "$lib/tether-boot.jar"'
    # The JIT profiles in the cache make a short run compile more, sooner: not worth it there.
    short_options='-XX:-AOTReplayTraining'
    archive='$lib/tether.aot'
    use_archive='-XX:AOTCache="$archive"'
    # ArchiveRelocationMode=0 maps the cache at the address it was made for (JDK 25's default
    # relocates every pointer in it at each start: ~30 ms of CPU).
    jvm_options='-XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow'
    dump=':' # the AOT cache is relocatable
  else
    class_path='-cp "$lib/tether-boot.jar:$lib/tether.jar"'
    archive='$lib/tether.jsa'
    use_archive='-XX:SharedArchiveFile="$archive" -Xshare:auto'
    # JDK 17 maps its archived heap objects with G1 (its default) only, so no SerialGC here.
    jvm_options='-Djava.library.path="$lib"'
    dump='"$root/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$lib/tether.classlist" -XX:SharedArchiveFile="$lib/tether.jsa" -cp "$lib/tether-boot.jar:$lib/tether.jar" || exit 1'
  fi
  # InetAddress's class init asks whether host names may appear in exception messages
  # (jdk.includeInExceptions, a security property that a system property overrides): given the
  # runtime's own value as a system property, the JVM answers without loading the security
  # properties (~3 ms of each exec'd plugin).
  local include
  include=$(sed -n 's/^jdk\.includeInExceptions=//p' "$TREE/runtime/conf/security/java.security" | tail -n 1 | tr -d ' \t')
  case $include in
    *[!A-Za-z0-9,]*) die "unexpected jdk.includeInExceptions in the runtime's java.security: $include" ;;
  esac
  jvm_options="$jvm_options -Djdk.includeInExceptions=$include"
  mkdir -p "$TREE/libexec" "$TREE/bin" "$TREE/cni"
  awk -v archive="$archive" -v use="$use_archive" -v jvm="$jvm_options" -v short="$short_options" -v dump="$dump" \
      -v class_path="$class_path" '
    { gsub(/@ARCHIVE@/, archive); gsub(/@USE_ARCHIVE@/, use); gsub(/@JVM_OPTIONS@/, jvm); gsub(/@SHORT_OPTIONS@/, short);
      gsub(/@DUMP_ARCHIVE@/, dump); gsub(/@CLASS_PATH@/, class_path); print }
  ' "$DIST_DIR/libexec/tether-java.in" > "$TREE/libexec/tether-java"
  chmod 755 "$TREE/libexec/tether-java"
  install -m 755 "$DIST_DIR/libexec/tether-plugin" "$TREE/libexec/"
  install -m 755 "$DIST_DIR/bin/tether" "$TREE/bin/"
  install -m 755 "$FORWARDER" "$TREE/libexec/tether-fwd"
}

# One executable per plugin type the Java side serves, each the forwarder under that name.
make_plugins() {
  local types
  types=$("$TREE/libexec/tether-plugin" --types) || die "tether-plugin --types failed"
  for type in $types; do
    ln -s ../libexec/tether-fwd "$TREE/cni/$type"
  done
  log "plugins: $(echo $types)"
}

make_rest() {
  mkdir -p "$TREE/systemd" "$TREE/examples" "$TREE/tmp"
  chmod 700 "$TREE/tmp"
  install -m 644 "$DIST_DIR/systemd/tether.service" "$TREE/systemd/"
  install -m 644 "$DIST_DIR"/examples/*.conflist "$TREE/examples/"
  install -m 755 "$DIST_DIR/install.sh" "$TREE/"
}

# --- the class-data archive, trained on real work ----------------------------------------------
TRAIN_NS=()
cleanup_namespaces() {
  local ns
  for ns in "${TRAIN_NS[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
  TRAIN_NS=()
}

# Prints "full" or "spec-only" (the training it could do) last; runs the training with $1 in
# JDK_JAVA_OPTIONS (the flags that record the archive).
train() {
  local record_options=$1 work=$BUILD_DIR/training
  rm -rf "$work" && mkdir -p "$work"
  local suffix host
  suffix=$(printf '%04x%04x' $RANDOM $RANDOM)
  host=tt-aot-host-$suffix
  if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && ip netns add "$host" 2>/dev/null; then
    TRAIN_NS=("$host")
    trap cleanup_namespaces EXIT
    local containers=() i
    for i in 0 1; do
      ip netns add "tt-aot-c$i-$suffix"
      TRAIN_NS+=("tt-aot-c$i-$suffix")
      containers+=("/run/netns/tt-aot-c$i-$suffix")
    done
    log "training the class-data archive on real ADD/CHECK/DEL in throw-away namespaces ${TRAIN_NS[*]}" >&2
    JDK_JAVA_OPTIONS="$record_options" ip netns exec "$host" "$TREE/libexec/tether-java" train "$work" "${containers[@]}" \
      > "$work/train.log" 2>&1 || { cat "$work/train.log" >&2; cleanup_namespaces; die "training run failed"; }
    cleanup_namespaces
    grep '^training:' "$work/train.log" >&2 || true
    echo full
  else
    log "WARNING: not root, or no network namespaces here: the class-data archive is trained on parsing," \
      "VERSION and errors only, without real ADD/DEL (exec'd plugins start slower)" >&2
    JDK_JAVA_OPTIONS="$record_options" "$TREE/libexec/tether-java" train "$work" > "$work/train.log" 2>&1 \
      || { cat "$work/train.log" >&2; die "training run failed"; }
    grep '^training:' "$work/train.log" >&2 || true
    echo spec-only
  fi
}

make_archive() {
  local kind=$1 lib=$TREE/lib training
  if [ "$kind" = aot ]; then
    # A fresh cache on every build: Temurin 25.0.3 keeps stale classes of a changed jar (JDK-8377932).
    rm -f "$lib/tether.aot"
    training=$(train "-XX:AOTCacheOutput=\"$lib/tether.aot\"")
    [ -s "$lib/tether.aot" ] || die "no AOT cache was written"
  else
    rm -f "$lib/tether.jsa" "$lib/tether.classlist"
    training=$(train "-XX:DumpLoadedClassList=\"$lib/tether.classlist\"")
  fi
  # lib/plugin.args for the tree's place (and, for AppCDS, the archive itself).
  "$TREE/libexec/tether-java" relocate > "$BUILD_DIR/relocate.log" 2>&1 \
    || { cat "$BUILD_DIR/relocate.log"; die "tether-java relocate failed"; }
  # The archive must really be used with the launcher's own flags (a mismatch is dropped silently).
  local strict=-Xshare:on
  [ "$kind" = aot ] && strict=-XX:AOTMode=on
  JDK_JAVA_OPTIONS=$strict "$TREE/libexec/tether-plugin" --types > /dev/null 2> "$BUILD_DIR/archive-check.log" \
    || { cat "$BUILD_DIR/archive-check.log"; die "the launcher cannot use the archive ($strict)"; }
  echo "$training"
}

# --- the .deb: the same tree, laid out by install.sh for Debian's paths --------------------------
make_deb() {
  command -v dpkg-deb >/dev/null || { log "no dpkg-deb here: skipping the .deb"; return; }
  local stage=$BUILD_DIR/deb-stage arch deb_version
  arch=$(dpkg --print-architecture)
  deb_version=${VERSION/-SNAPSHOT/~SNAPSHOT}
  rm -rf "$stage"
  "$TREE/install.sh" --root "$stage" --prefix /usr/lib/tether --cni-bin-dir /usr/lib/cni --bin-dir /usr/bin \
    --unit-dir /lib/systemd/system --no-conflist > /dev/null
  rm -f "$stage/usr/lib/tether/install.manifest" "$stage/usr/lib/tether/install.sh"
  mkdir -p "$stage/DEBIAN"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$(du -sk "$stage" | cut -f1)/" \
    "$DEB_DIR/control.in" > "$stage/DEBIAN/control"
  install -m 755 "$DEB_DIR/postinst" "$DEB_DIR/prerm" "$DEB_DIR/postrm" "$stage/DEBIAN/"
  local deb=$BUILD_DIR/tether_${deb_version}_$arch.deb
  rm -f "$BUILD_DIR"/tether_*.deb
  dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" > /dev/null
  rm -rf "$stage"
  log "package: $deb ($(du -h "$deb" | cut -f1))"
}

main() {
  local started=$SECONDS jdk major kind
  rm -rf "$TREE"
  mkdir -p "$TREE"
  jdk=$(choose_runtime_jdk)
  major=$(major_of "$jdk")
  [ -n "$major" ] || die "cannot tell the version of the JDK in $jdk"
  kind=cds
  [ "$major" -ge 24 ] && kind=aot
  log "runtime: jlink of JDK $major ($jdk), class-data archive: $([ $kind = aot ] && echo 'AOT cache' || echo AppCDS)"
  make_lib "$kind"
  make_runtime "$jdk"
  make_launchers "$kind"
  make_rest
  # The plugin list comes from the Java side, before the archive exists (it is remade below).
  make_plugins
  local training
  training=$(make_archive "$kind")
  {
    echo "version=$VERSION"
    echo "runtime=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$TREE/runtime/release")"
    echo "archive=$kind"
    echo "training=$training"
  } > "$TREE/BUILD-INFO"
  make_deb
  log "install tree $TREE ready ($(du -sh "$TREE" | cut -f1), $((SECONDS - started)) s)"
}

main
