#!/usr/bin/env bash
# Installs the Python test tools (tools/python-requirements.txt) into a virtual environment cached outside
# the clone, reinstalling only when the requirements change. Prints the venv's bin folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${ONETHING_VENV:-$HOME/.cache/onething/venv}"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$here/python-requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/python-requirements.txt" >&2
  echo "$wanted" > "$stamp"
fi
echo "$venv/bin"
