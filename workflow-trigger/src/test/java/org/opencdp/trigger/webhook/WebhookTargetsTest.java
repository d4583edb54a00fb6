package org.opencdp.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Where webhooks may go (contract section 10), decided on the URL and on the addresses its host resolves to. */
class WebhookTargetsTest {

    private static final WebhookTargets STRICT = WebhookTargets.strict();

    /** A resolver with a fixed table, as DNS would answer: nothing here asks a real one. */
    private static WebhookTargets.Resolver dns(final Map<String, String> table) {
        return host -> {
            final String address = table.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, a loopback",
            "127.8.9.10, a loopback",
            "10.1.2.3, a private",
            "172.16.0.1, a private",
            "192.168.1.1, a private",
            "100.64.0.1, a private",
            "169.254.169.254, a link-local",
            "0.0.0.0, an unspecified",
            "0.1.2.3, a private",
            "224.0.0.1, a multicast",
            "255.255.255.255, a private",
            "::1, a loopback",
            "fe80::1, a link-local",
            "fd00::1, a private",
            "::ffff:127.0.0.1, a loopback",
            "::, an unspecified"
    })
    void shouldRefuseANameThatResolvesInside(final String address, final String kind) {
        // Given a public-looking name that resolves to an inside address
        final WebhookTargets.Resolver resolver = dns(Map.of("hooks.example.com", address));

        // When a webhook to it is checked
        // Then it is refused, naming the address and its kind
        assertThatThrownBy(() -> STRICT.check("https://hooks.example.com/run", resolver))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("resolves to")
                .hasMessageContaining(kind + " address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/x", "https://[::1]:8081/x", "https://169.254.169.254/latest/meta-data",
            "https://[::ffff:10.0.0.1]/x", "https://0.0.0.0:8082/workflows"})
    void shouldRefuseAnInsideAddressWrittenAsALiteralWithoutAskingAnyResolver(final String url) {
        final WebhookTargets.Resolver none = host -> {
            throw new AssertionError("a literal must not be looked up: " + host);
        };
        assertThatThrownBy(() -> STRICT.check(url, none)).isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("resolves to");
    }

    @Test
    void shouldAcceptAPublicHttpsUrlAndKeepTheAddressItChecked() throws Exception {
        final WebhookTargets.Target target = STRICT.check("https://hooks.example.com/run?x=1",
                dns(Map.of("hooks.example.com", "93.184.216.34")));

        assertThat(target.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.https()).isTrue();
    }

    @Test
    void shouldRefusePlainHttpUnlessTheOperatorListsTheHost() throws Exception {
        final WebhookTargets.Resolver resolver = dns(Map.of("hooks.example.com", "93.184.216.34"));
        assertThatThrownBy(() -> STRICT.check("http://hooks.example.com/run", resolver))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("must be https");

        final WebhookTargets listed = new WebhookTargets(List.of("Hooks.Example.com"), List.of());
        assertThat(listed.check("http://hooks.example.com/run", resolver).port()).isEqualTo(80);
    }

    @Test
    void shouldAllowAnInsideAddressOnlyInANetworkTheOperatorAllows() throws Exception {
        final WebhookTargets internal = new WebhookTargets(List.of(), List.of("10.20.0.0/16"));
        final WebhookTargets.Resolver resolver = dns(Map.of("crm.internal", "10.20.3.4", "db.internal", "10.21.0.1"));

        assertThat(internal.check("https://crm.internal/hook", resolver).address().getHostAddress())
                .isEqualTo("10.20.3.4");
        assertThatThrownBy(() -> internal.check("https://db.internal/hook", resolver))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("10.21.0.1, a private address");
    }

    @Test
    void shouldRefuseWhenAnyOfTheAddressesIsInside() {
        // A name answering with a public and an inside address could be connected to either.
        final WebhookTargets.Resolver both = host -> List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> STRICT.check("https://mixed.example.com/", both))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "https:///nohost", "not a url",
            "https://user:pw@example.com/x", "gopher://127.0.0.1:6379/_SET"})
    void shouldRefuseWhatIsNotAnHttpsUrlOfAHost(final String url) {
        assertThatThrownBy(() -> STRICT.check(url, dns(Map.of("example.com", "93.184.216.34"))))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageStartingWith("webhook.url");
    }

    @Test
    void shouldAcceptADefinitionWhoseNameDoesNotResolveYetButNotDeliverToIt() throws Exception {
        // A receiver may be written before its DNS exists: the definition passes, each delivery checks again.
        STRICT.checkDefinition("https://not-yet.example/", dns(Map.of()));
        assertThatThrownBy(() -> STRICT.check("https://not-yet.example/", dns(Map.of())))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("does not resolve");
    }

    @Test
    void shouldRefuseADefinitionWhoseNameResolvesInsideNow() {
        assertThatThrownBy(() -> STRICT.checkDefinition("https://hooks.example.com/",
                dns(Map.of("hooks.example.com", "10.0.0.7"))))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("10.0.0.7, a private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "example.com/8", "10.0.0.0/x", "::1/129"})
    void shouldRejectAnAllowedNetworkThatIsNotACidrBlock(final String network) {
        assertThatThrownBy(() -> new WebhookTargets(List.of(), List.of(network)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CIDR block");
    }
}
