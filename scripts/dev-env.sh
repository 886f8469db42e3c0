# Sourced by scripts/start.sh: the environment of a local run. Secrets are generated once
# per checkout into .run/secrets.env (git-ignored) unless already set in the environment.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECRETS="$ROOT/.run/secrets.env"
mkdir -p "$ROOT/.run"
if [ ! -f "$SECRETS" ]; then
  umask 077
  {
    echo "JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))')"
    echo "API_SECRET=$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')"
  } >"$SECRETS"
fi
set -a
# shellcheck disable=SC1090
. "$SECRETS"
set +a
export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
