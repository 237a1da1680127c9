#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: every package pinned to one version, with the
# sha256 of each of its files on PyPI, for Python 3.11 on any platform (--universal keeps the
# platform markers). quickstart.sh and CI install from requirements-dev.lock; a deployment
# needs only requirements.lock. Run after changing a dependency in pyproject.toml, or to take
# newer releases on purpose; review the diff and run ./quickstart.sh test before committing.
#   scripts/lock.sh                 pin what pyproject.toml allows, keeping current pins where they still fit
#   scripts/lock.sh --upgrade       take the newest releases pyproject.toml allows
set -euo pipefail
cd "$(dirname "$0")/.."

# uv resolves in seconds (pip-compile takes minutes here); it is a tool of this script, not of
# the project, so it lives in its own venv, outside the lock.
TOOLS=.venv-lock
if [ ! -x "$TOOLS/bin/uv" ]; then
  "${PYTHON:-python3.11}" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install --quiet "uv>=0.9"
fi
compile() {
  "$TOOLS/bin/uv" pip compile pyproject.toml "$@" --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command scripts/lock.sh --quiet "${EXTRA_ARGS[@]}"
}
EXTRA_ARGS=("${@}")
compile -o requirements.lock
compile --extra dev -o requirements-dev.lock
echo "wrote requirements.lock and requirements-dev.lock"
