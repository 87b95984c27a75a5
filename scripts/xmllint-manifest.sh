#!/usr/bin/env bash
# Validates an add-in manifest against Microsoft's XSDs (manifest 1.1 + VersionOverrides 1.0)
# with xmllint, offline. `office-addin-manifest validate` posts to an online service instead.
# Element order matters to Office: a manifest that fails here will not sideload.
#
# Usage: bash scripts/xmllint-manifest.sh [manifest.xml]
# Env:   THROUGHLINE_SCHEMAS  the schema folder (default ../shared/schemas/office-addin-manifest)
# Exit:  0 valid or skipped (schemas or xmllint missing, with a message), 1 invalid.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
manifest="${1:-$root/manifest.xml}"
schemas="${THROUGHLINE_SCHEMAS:-$root/../shared/schemas/office-addin-manifest}"

if [ ! -f "$schemas/OfficeAppManifestV1_1.xsd" ]; then
  echo "xmllint-manifest: SKIPPED: no schema folder at $schemas (set THROUGHLINE_SCHEMAS)"
  exit 0
fi
if ! command -v xmllint >/dev/null 2>&1; then
  echo "xmllint-manifest: SKIPPED: xmllint not found (Debian: apt-get install libxml2-utils)"
  exit 0
fi
if [ ! -f "$manifest" ]; then
  echo "xmllint-manifest: no such file: $manifest" >&2
  exit 1
fi
if xmllint --noout --schema "$schemas/OfficeAppManifestV1_1.xsd" "$manifest"; then
  exit 0
fi
echo "xmllint-manifest: $manifest does not validate against $schemas/OfficeAppManifestV1_1.xsd" >&2
exit 1
