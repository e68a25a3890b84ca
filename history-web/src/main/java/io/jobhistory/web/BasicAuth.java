package io.jobhistory.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/** HTTP basic authentication (RFC 7617) of a request, decided by the application's credentials check. */
final class BasicAuth {

    /** What the {@code Authorization} header says. */
    enum Outcome {
        /** Valid credentials. */
        ACCEPTED,
        /** No credentials, or wrong ones: 401 with a challenge. */
        CHALLENGED,
        /** A header that is not basic authentication at all: 400. */
        MALFORMED
    }

    private final String realm;
    private final BiPredicate<String, String> credentials;

    BasicAuth(String realm, BiPredicate<String, String> credentials) {
        this.realm = realm;
        this.credentials = credentials;
    }

    /** The {@code WWW-Authenticate} challenge. */
    String challenge() {
        return "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
    }

    Outcome check(WebRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            return Outcome.CHALLENGED;
        }
        String value = header.get().trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return Outcome.MALFORMED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Outcome.MALFORMED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Outcome.MALFORMED;
        }
        return credentials.test(decoded.substring(0, colon), decoded.substring(colon + 1))
                ? Outcome.ACCEPTED : Outcome.CHALLENGED;
    }
}
