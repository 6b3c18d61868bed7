#!/usr/bin/env bash
# What a class's static initializer costs a fresh JVM started with serve's options
# (src/main/launcher/serve-jvm.options), and with the interpreter alone: the first use of the class
# pays it on whatever thread touches it (server.EarlyInitialization). Run by hand, not by CI.
#
#   bench/class-init.sh                          # java.math.BigDecimal, 5 fresh JVMs each
#   bench/class-init.sh java.math.BigDecimal 9
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
class=${1:-java.math.BigDecimal}
runs=${2:-5}
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cat >"$src/ClassInit.java" <<'JAVA'
public class ClassInit {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Class.forName(args[0]);
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", (System.nanoTime() - t0) / 1e6);
    }
}
JAVA
"$(dirname "$java")/javac" -d "$src" "$src/ClassInit.java"
for i in $(seq "$runs"); do
  for mode in serve interpreted; do
    opts=("@src/main/launcher/serve-jvm.options")
    [[ $mode == interpreted ]] && opts+=(-Xint)
    printf '%-12s %s %6.1f ms\n' "$mode" "$class" "$("$java" "${opts[@]}" -cp "$src" ClassInit "$class")"
  done
done
