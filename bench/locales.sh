#!/usr/bin/env bash
# What `Locale.getAvailableLocales()` costs a fresh JVM (Jetty's MimeTypes calls it once as a server
# is built), with the JDK's default locale data (CLDR) and with the launcher's
# -Djava.locale.providers=SPI: how many locales, and the call's time. Run by hand, not by CI.
#
#   bench/locales.sh        # 5 fresh JVMs each, alternating
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 21)
runs=${1:-5}
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cat >"$src/Locales.java" <<'JAVA'
public class Locales {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        int n = java.util.Locale.getAvailableLocales().length;
        System.out.printf(java.util.Locale.ROOT, "%d %.1f%n", n, (System.nanoTime() - t0) / 1e6);
    }
}
JAVA
"$(dirname "$java")/javac" -d "$src" "$src/Locales.java"
for i in $(seq "$runs"); do
  for providers in default SPI; do
    opts=()
    [[ $providers == SPI ]] && opts=(-Djava.locale.providers=SPI)
    read -r n ms < <("$java" -XX:+UseSerialGC "${opts[@]}" -cp "$src" Locales)
    printf '%-8s %5d locales  %6.1f ms\n' "$providers" "$n" "$ms"
  done
done
