#!/usr/bin/env bash
# Install the Debian packages kktrace's browser and SPARQL-server tests need, if missing:
# chromium + chromium-driver (headless browser tests) and virtuoso-opensource (the
# external SPARQL server test). Needs root (or sudo); does nothing when all are present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present (chromium, chromedriver, virtuoso-t)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system packages missing (${need[*]}) and not root: install them with apt-get as root" >&2
    exit 1
  fi
fi
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
