package io.jobhistory.internal;

/**
 * The rules for job ids and execution ids, in one place so that every backend refuses and orders them alike. Ids are
 * arbitrary non-blank strings of valid Unicode (an unpaired surrogate has no UTF-8 form, so no store could keep it
 * faithfully).
 */
public final class Ids {

    private Ids() {
    }

    /**
     * Returns {@code value} if it is a valid id.
     *
     * @param name what the value is, for the message, such as {@code jobId}
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException if it is blank or holds an unpaired surrogate
     */
    public static String requireValid(String value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, but was '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(name + " '" + value + "' has an unpaired surrogate at index " + i
                        + "; ids must be valid Unicode");
            }
        }
        return value;
    }

    /**
     * Compares by Unicode code point, which is also the byte order of the UTF-8 forms (and so the order Redis sorts
     * sorted-set members in), unlike {@link String#compareTo}, which compares UTF-16 units.
     */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
