#!/usr/bin/env bash
# SHA-256 in a fresh JVM: the system's OpenSSL (hash.Sha256's choice on Java 22+) against the JDK's
# (-Dpymirror.sha256=jdk), each with the short commands' JIT (C1 alone, as ./pymirror runs sync,
# add, verify, bundle) and with serve's options. Prints, per run, how long the first digest took
# to be made (for OpenSSL: linking libcrypto), how long MB megabytes in CHUNK-KB updates then took,
# and the JVM's CPU time at the end. Run by hand, under the exclusive lock, not by CI:
#
#   flock -x /tmp/pymirror-cpu.lock bench/sha256.sh            # 100 MB in 64 KB updates, 3 runs
#   flock -x /tmp/pymirror-cpu.lock bench/sha256.sh 44 256 5
set -euo pipefail
cd "$(dirname "$0")/.."
java=$(scripts/find-java 22)
mb=${1:-100}
chunk=${2:-64}
runs=${3:-3}
./pymirror --version >/dev/null   # builds the jar if the sources changed
classes=target/classes:$(ls target/lib/*.jar | tr '\n' ':')
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cat >"$src/Sha256Cost.java" <<'JAVA'
import dev.pymirror.hash.Sha256;
import java.security.MessageDigest;
import java.util.Locale;

public class Sha256Cost {
    public static void main(String[] args) {
        int mb = Integer.parseInt(args[0]);
        int chunk = Integer.parseInt(args[1]) * 1024;
        byte[] bytes = new byte[chunk];
        new java.util.Random(1).nextBytes(bytes);
        // Logging is set up before any command hashes; here it would be counted in the first digest.
        org.slf4j.LoggerFactory.getLogger(Sha256Cost.class).debug("starting");
        long t0 = System.nanoTime();
        MessageDigest digest = Sha256.newDigest();
        long t1 = System.nanoTime();
        for (long left = (long) mb << 20; left > 0; left -= chunk) {
            digest.update(bytes, 0, (int) Math.min(chunk, left));
        }
        digest.digest();
        long t2 = System.nanoTime();
        double cpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "%-7s first digest %6.1f ms, %d MB %7.1f ms, JVM CPU %.2f s%n",
                Sha256.implementation(), (t1 - t0) / 1e6, mb, (t2 - t1) / 1e6, cpu);
    }
}
JAVA
"$(dirname "$java")/javac" -cp "$classes" -d "$src" "$src/Sha256Cost.java"
for i in $(seq "$runs"); do
  for jit in c1 serve; do
    for impl in openssl jdk; do
      opts=(--enable-native-access=ALL-UNNAMED)
      [[ $jit == c1 ]] && opts+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC) || opts+=("@src/main/launcher/serve-jvm.options")
      [[ $impl == jdk ]] && opts+=(-Dpymirror.sha256=jdk)
      printf 'run %d, %-5s ' "$i" "$jit"
      "$java" "${opts[@]}" -cp "$src:$classes" Sha256Cost "$mb" "$chunk"
    done
  done
done
