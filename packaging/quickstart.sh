#!/usr/bin/env bash
# The README's first quick-start command (Debian 12, as root): installs the Debian packages the
# build needs if they are missing, builds the install tree and runs `tether demo` from it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build-deps.sh
mvn -B -q package -DskipTests
packaging/target/tether/bin/tether demo
