package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"+12345678", "+123456789012345", "+4915112345678"})
    void shouldAcceptAPlusAndEightToFifteenDigits(final String phone) {
        assertThat(PhoneNumbers.isE164(phone)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+1234567", "+1234567890123456", "4915112345678", "+49 151 1234", "+4915112345678\n",
            "++4915112345678", "+49151123456a"})
    void shouldRefuseAnythingElse(final String phone) {
        assertThat(PhoneNumbers.isE164(phone)).isFalse();
    }

    @Test
    void shouldRefuseNoPhone() {
        assertThat(PhoneNumbers.isE164(null)).isFalse();
    }
}
