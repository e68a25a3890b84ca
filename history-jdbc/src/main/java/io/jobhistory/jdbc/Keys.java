package io.jobhistory.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key of an id in the tables: the SHA-256 of its UTF-8 form. Fixed-width keys index alike whatever the id's
 * length or characters, compare byte by byte in every database, and cannot collide in practice; the ids themselves
 * are stored beside them.
 */
final class Keys {

    private Keys() {
    }

    static byte[] of(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
