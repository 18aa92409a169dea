#!/usr/bin/env bash
# The end-to-end suite in one engine: `scripts/e2e.sh chromium|firefox|webkit`
# (what `make e2e-<engine>` runs), or the tests whose names contain a filter:
# `scripts/e2e.sh webkit lock::`. Prints the suite's time.
#
# A test that failed because the browser itself went away (its driver
# answered with an invalid session: the browser exited or crashed, which
# WebKitGTK's MiniBrowser did once in a fresh-clone CI) is run once more on
# its own, and the output says so. A browser that our page crashes every
# time still fails that second run. Any other failure fails the suite at once.
set -uo pipefail
engine=${1:?usage: scripts/e2e.sh chromium|firefox|webkit}
cd "$(dirname "$0")/.."
# Must match SESSION_ENDED in tests/e2e/support/browser.rs.
ended="the browser's session ended: the browser exited or crashed"
log=target/e2e-$engine.log
mkdir -p target

# WebKit's windows each get an X display of their own (Xvfb, started by
# tests/e2e/support/browser.rs).
suite() {
  E2E_BROWSER=$engine cargo test --features ssr --test e2e "$@"
}

start=$SECONDS
suite "${@:2}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [[ $rc -ne 0 ]]; then
  # The names under the last "failures:" heading, one per line.
  failed=$(awk '/^failures:$/ { n = 0; delete names; inlist = 1; next }
                inlist && /^    [^ ]+$/ { names[n++] = $1; next }
                inlist && /^test result:/ { inlist = 0 }
                END { for (i = 0; i < n; i++) print names[i] }' "$log")
  if [[ -z $failed ]]; then
    echo "e2e in $engine: failed before any test ran (rc $rc)"
    exit "$rc"
  fi
  for name in $failed; do
    # The test's own output: from its "---- name stdout ----" line to the next.
    section=$(awk -v head="---- $name stdout ----" '$0 == head { on = 1; next }
                on && (/^---- .* stdout ----$/ || /^failures:$/) { on = 0 }
                on' "$log")
    if ! grep -qF "$ended" <<<"$section"; then
      echo "e2e in $engine: $name failed (see above); not run again"
      exit "$rc"
    fi
  done
  for name in $failed; do
    echo "e2e in $engine: $name failed because the browser went away ($ended); running it once more"
    if ! suite -- --exact "$name" 2>&1 | tee -a "$log"; then
      echo "e2e in $engine: $name failed again"
      exit 1
    fi
  done
  echo "e2e in $engine: passed after running again: $(echo $failed)"
fi
echo "e2e in $engine: $((SECONDS - start)) s"
