#!/usr/bin/env bash
# Times a first `npm run demo` (issue 9): from starting it to the first 200 on /, in a clone made
# for the purpose (it deletes the clone's .data/ and build output first), e.g.
#   git clone . /tmp/fresh-demo && (cd /tmp/fresh-demo && npm ci)
#   bash scripts/time-first-page.sh /tmp/fresh-demo /tmp/first-page.log
# KEEP_TEMPLATE=1 keeps the migrated template npm ci made (node_modules/.cache/portal), as after
# a real install; without it the first start has to make one. Prints the seconds, the CPU the
# demo's processes had used by then and the load average; then stops the demo's process group.
set -euo pipefail
dir=$(cd "${1:?usage: time-first-page.sh CLONE [LOG]}" && pwd)
log=${2:-/dev/null}
port=${PORT:-3917}
if [ "$dir" = "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" ]; then
  echo "time-first-page: give it a clone made for timing, not this checkout (it deletes .data/)" >&2
  exit 1
fi
cd "$dir"
rm -rf .data build public/build public/styles public/assets/govuk-frontend.min.js
[ "${KEEP_TEMPLATE:-}" = 1 ] || rm -rf node_modules/.cache/portal
load=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
PORT=$port setsid npm run demo >"$log" 2>&1 &
pid=$!
result=""
while [ -z "$result" ]; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/" || true)
  if [ "$code" = 200 ]; then result=ok
  elif ! kill -0 $pid 2>/dev/null; then result="the demo exited"
  elif (($(echo "$(date +%s.%N) - $start > 300" | bc))); then result="no 200 within 300 s"
  else sleep 0.2; fi
done
end=$(date +%s.%N)
# CPU of every process in the demo's group (the build's, which have ended, counted by their parents).
ticks=0
for p in /proc/[0-9]*; do
  stat=$(cat "$p/stat" 2>/dev/null) || continue
  read -r -a f <<<"${stat##*) }"
  [ "${f[2]}" = "$pid" ] && ticks=$((ticks + f[11] + f[12] + f[13] + f[14]))
done
kill -TERM -- -$pid 2>/dev/null || true
wait $pid 2>/dev/null || true
[ "$result" = ok ] || { echo "time-first-page: $result (see $log)" >&2; exit 1; }
printf 'first 200 after %.1f s, CPU %.1f s, load %s before, %s after\n' "$(echo "$end - $start" | bc)" \
  "$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)" "$load" "$(cut -d' ' -f1 /proc/loadavg)"
