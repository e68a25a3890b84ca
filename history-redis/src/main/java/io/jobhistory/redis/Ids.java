package io.jobhistory.redis;

/** Checks ids before anything touches Redis. */
final class Ids {

    private Ids() {
    }

    /**
     * Returns {@code value} if it is a usable id.
     *
     * @throws NullPointerException     if it is null
     * @throws IllegalArgumentException if it is blank or is not valid Unicode (an unpaired surrogate has no UTF-8 form,
     *                                  so it could not be stored faithfully)
     */
    static String require(String value, String name) {
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
                        + "; Redis keys and values are UTF-8, which cannot hold it");
            }
        }
        return value;
    }

    /** Compares by Unicode code point, which is the byte order of UTF-8 and so the order Redis sorts members in. */
    static int compareCodePoints(String a, String b) {
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
