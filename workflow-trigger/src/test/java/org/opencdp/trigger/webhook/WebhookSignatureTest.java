package org.opencdp.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification: a receiver written from it verifies ours. */
    @Test
    void shouldSignAsTheStandardWebhooksSpecificationsExample() {
        final byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        final String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body);

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldVerifyOnlyTheBodyIdAndTimestampThatWereSigned() {
        final String secret = WebhookSignature.newSecret();
        final byte[] body = "{\"run_id\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);
        final String header = "v1,bm90LXRoaXMtb25l " + WebhookSignature.sign(secret, "r-1", 1_700_000_000L, body);

        assertThat(WebhookSignature.verify(secret, "r-1", 1_700_000_000L, body, header)).isTrue();
        assertThat(WebhookSignature.verify(secret, "r-2", 1_700_000_000L, body, header)).isFalse();
        assertThat(WebhookSignature.verify(secret, "r-1", 1_700_000_001L, body, header)).isFalse();
        assertThat(WebhookSignature.verify(secret, "r-1", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8), header))
                .isFalse();
        assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), "r-1", 1_700_000_000L, body, header)).isFalse();
    }

    @Test
    void shouldMakeADifferentSecretEachTimeInTheStandardForm() {
        final String one = WebhookSignature.newSecret();

        assertThat(one).startsWith("whsec_").hasSize(6 + 44).isNotEqualTo(WebhookSignature.newSecret());
    }
}
