#!/usr/bin/env bash
# The Kubernetes manifests' validator and its schemas, cached outside the clone (fast when present):
#   kubeconform, built from the Go module proxy into ~/.cache/onething/bin;
#   the Kubernetes JSON schemas, from the PyPI package kubernetes-validate (it ships them for each
#   Kubernetes version; GitHub, kubeconform's default source, cannot be reached from here), their
#   references made absolute file URLs so kubeconform resolves them offline.
# Prints the binary and the schema folder, one per line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${ONETHING_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onething}"
kubeconform_version=v0.7.0
validate_version=1.37.0
kubernetes_version=v1.33.0
bin="$cache/bin/kubeconform-$kubeconform_version"
schemas="$cache/kubernetes-json-schema/$kubernetes_version-local-strict"

if [ ! -x "$bin" ]; then
  command -v go >/dev/null || { echo "kubeconform needs Go to build (https://go.dev/dl/)" >&2; exit 1; }
  tmp="$(mktemp -d)"
  CGO_ENABLED=0 GOBIN="$tmp" go install "github.com/yannh/kubeconform/cmd/kubeconform@$kubeconform_version" >&2
  mkdir -p "$cache/bin" && mv "$tmp/kubeconform" "$bin" && rmdir "$tmp"
fi

if [ ! -f "$schemas/.complete" ]; then
  venv_bin="$(bash "$here/ensure-python-tools.sh")"
  tmp="$(mktemp -d)"
  "$venv_bin/pip" download --quiet --disable-pip-version-check --no-deps \
    "kubernetes-validate==$validate_version" -d "$tmp" >&2
  "$venv_bin/python" - "$tmp"/kubernetes_validate-*.whl "$kubernetes_version-local-strict" "$schemas" <<'PY'
import os, sys, zipfile
wheel, version, target = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}/"
os.makedirs(target, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        text = z.read(name).decode()
        # "/api/_definitions.json#/$defs/..." is resolved by kubernetes-validate's own registry.
        text = text.replace('"/api/_definitions.json#', f'"file://{target}/_definitions.json#')
        with open(os.path.join(target, name[len(prefix):]), "w") as out:
            out.write(text)
open(os.path.join(target, ".complete"), "w").close()
PY
  rm -rf "$tmp"
fi
echo "$bin"
echo "$schemas"
