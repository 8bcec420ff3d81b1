#!/bin/sh
# Installs the Debian packages given as arguments when they are missing.
#   install-deps.sh PKG...          install what is missing (sudo when not root)
#   install-deps.sh --check PKG...  only report what is missing, exit 1 if any
set -u
check_only=0
if [ "${1:-}" = "--check" ]; then
    check_only=1
    shift
fi
missing=""
for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$check_only" = 1 ]; then
    echo "missing packages:$missing" >&2
    echo "run 'make deps' (or: sudo apt-get install -y$missing)" >&2
    exit 1
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "missing packages:$missing" >&2
    echo "not root and no sudo: please run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y $missing; then
    $SUDO apt-get update && $SUDO apt-get install -y $missing || {
        echo "could not install; run:  $SUDO apt-get update && $SUDO apt-get install -y$missing" >&2
        exit 1
    }
fi
