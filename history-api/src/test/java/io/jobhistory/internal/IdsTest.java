package io.jobhistory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ids: which ids are valid, and the order every backend sorts them in")
class IdsTest {

    @Test
    @DisplayName("any non-blank string of valid Unicode is an id, returned as it is")
    void valid() {
        String id = "job:1/é \uD83D\uDE42";
        assertThat(Ids.requireValid(id, "jobId")).isSameAs(id);
    }

    @Test
    @DisplayName("null, blank and unpaired surrogates are refused, naming the field, the value and the index")
    void invalid() {
        assertThatThrownBy(() -> Ids.requireValid(null, "jobId"))
                .isInstanceOf(NullPointerException.class).hasMessage("jobId must not be null");
        assertThatThrownBy(() -> Ids.requireValid(" \t", "executionId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("executionId must not be blank, but was ' \t'");
        assertThatThrownBy(() -> Ids.requireValid("a\uDC00b", "jobId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobId 'a\uDC00b' has an unpaired surrogate at index 1; ids must be valid Unicode");
        assertThatThrownBy(() -> Ids.requireValid("ab\uD83D", "jobId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobId 'ab\uD83D' has an unpaired surrogate at index 2; ids must be valid Unicode");
    }

    @Test
    @DisplayName("compared by code point (the UTF-8 byte order Redis sorts in), not by UTF-16 unit")
    void codePointOrder() {
        assertThat(Ids.compareCodePoints("a", "b")).isNegative();
        assertThat(Ids.compareCodePoints("b", "a")).isPositive();
        assertThat(Ids.compareCodePoints("same", "same")).isZero();
        assertThat(Ids.compareCodePoints("ab", "abc")).isNegative();
        assertThat(Ids.compareCodePoints("abc", "ab")).isPositive();
        assertThat(Ids.compareCodePoints("\uFF5E", "\uD83D\uDE42")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE42")).isPositive();
        assertThat(Ids.compareCodePoints("x\uD83D\uDE42", "x\uD83D\uDE43")).isNegative();
    }
}
