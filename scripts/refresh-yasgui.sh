#!/usr/bin/env bash
# Refresh the YASGUI files shipped in kktrace/sparql/static/yasgui/ from the npm registry.
# Usage: bash scripts/refresh-yasgui.sh [VERSION]   (default: the version named in its README)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-4.6.2}"
dest=kktrace/sparql/static/yasgui
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@zazuko/yasgui@${version}" >/dev/null && tar xzf ./*.tgz)
for f in yasgui.min.js yasgui.min.css; do
  sed '/sourceMappingURL=/d' "$tmp/package/build/$f" > "$dest/$f"
done
sed -i "s/\*\*[0-9.]*\*\*/**${version}**/" "$dest/README.md"
echo "YASGUI ${version} → ${dest}"
