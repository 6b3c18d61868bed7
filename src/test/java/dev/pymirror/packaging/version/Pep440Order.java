package dev.pymirror.packaging.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** PEP 440's ordering stated directly over Version's public accessors: the oracle for VersionTest. */
final class Pep440Order {

    private Pep440Order() {}

    static int compare(Version a, Version b) {
        int c = a.epochValue().compareTo(b.epochValue());
        if (c != 0) {
            return c;
        }
        c = compareLists(trimmed(a.release()), trimmed(b.release()));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(phase(a), phase(b));
        if (c != 0) {
            return c;
        }
        if (a.pre() != null) {
            c = a.pre().number().compareTo(b.pre().number());
            if (c != 0) {
                return c;
            }
        }
        c = compareMissingFirst(a.post(), b.post());
        if (c != 0) {
            return c;
        }
        c = -compareMissingFirst(b.dev(), a.dev()); // no dev release sorts last
        if (c != 0) {
            return c;
        }
        return compareLocal(a.local(), b.local());
    }

    /** Dev-only releases first, then a, b, rc, then releases without a pre-release. */
    private static int phase(Version v) {
        if (v.pre() != null) {
            return switch (v.pre().label()) {
                case "a" -> 1;
                case "b" -> 2;
                default -> 3;
            };
        }
        return v.post() == null && v.dev() != null ? 0 : 4;
    }

    private static int compareMissingFirst(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static List<BigInteger> trimmed(List<BigInteger> release) {
        List<BigInteger> out = new ArrayList<>(release);
        while (!out.isEmpty() && out.get(out.size() - 1).signum() == 0) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static int compareLists(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareLocal(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
            } else if (xn != yn) {
                c = xn ? 1 : -1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
