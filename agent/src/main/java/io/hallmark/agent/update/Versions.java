package io.hallmark.agent.update;

import java.util.Comparator;

/**
 * Orders firmware versions: split at {@code .}, {@code -} and {@code +}; numeric parts compare as numbers, others as
 * text; a version that is a prefix of another is lower ({@code 1.2 < 1.2.1}).
 */
final class Versions {
    private Versions() {}

    static final Comparator<String> ORDER = Versions::compare;

    static int compare(String a, String b) {
        String[] x = a.split("[.+-]");
        String[] y = b.split("[.+-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d{1,18}") && y[i].matches("\\d{1,18}")) {
                c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
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
