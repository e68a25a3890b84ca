package io.jobhistory.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as records carry them: {@code 2025-10-29T10:05:30.500Z}. Formats and parses that common shape
 * directly (the JSON hot path); anything else is left to {@code java.time}'s parsers.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** Same text as {@link Instant#toString()} for instants in years 0000-9999 with whole milliseconds. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        if (year < 0 || year > 9999 || nanos % 1_000_000 != 0) {
            return instant.toString();
        }
        char[] out = new char[nanos == 0 ? 20 : 24];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            out[19] = '.';
            digits(out, 20, nanos / 1_000_000, 3);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /**
     * Parses an ISO-8601 time: with {@code Z}, with an offset, or without one (taken as UTC).
     *
     * @throws DateTimeParseException if it is none of these
     */
    static Instant parse(String text) {
        Instant fast = parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, or null for any other shape. */
    private static Instant parseUtc(String s) {
        int length = s.length();
        if ((length != 20 && length != 24) || s.charAt(length - 1) != 'Z' || s.charAt(4) != '-'
                || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (length == 24 && s.charAt(19) != '.')) {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        int millis = length == 24 ? number(s, 20, 3) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59
                || second > 59 || millis < 0) {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, millis * 1_000_000L);
    }

    /** The decimal number in {@code s[from, from + count)}, or -1 if a character is not a digit. */
    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
