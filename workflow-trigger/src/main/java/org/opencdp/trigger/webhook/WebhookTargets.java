package org.opencdp.trigger.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where webhooks may go (contract section 10): {@code https} URLs, or {@code http} to the hosts the operator
 * lists; never to a host that resolves to a loopback, private, link-local, multicast or unspecified address
 * (nor the other ranges that only reach inside: unique-local IPv6, shared 100.64/10, "this network" 0/8),
 * unless the operator allows that network. A definition is checked when it is written, and every delivery is
 * checked again after its host was resolved, and then connects to the very address that was checked, so a name
 * that resolves elsewhere a moment later (DNS rebinding) cannot reach inside.
 */
public final class WebhookTargets {

    /** Turns a host name into its addresses (the system resolver in the service, a table in tests). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The system's resolver (InetAddress, with the JVM's DNS cache). */
    public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Why a URL may not be sent to; the message names the URL's problem for the caller. */
    public static class Refused extends Exception {
        public Refused(final String message) {
            super(message);
        }
    }

    /** The URL's host does not resolve (now). */
    public static final class Unresolved extends Refused {
        public Unresolved(final String host) {
            super("webhook.url's host " + host + " does not resolve");
        }
    }

    /** A checked destination: the URL and the address to connect to (its host's, checked). */
    public record Target(URI uri, InetAddress address, int port, boolean https) {
    }

    private final Set<String> httpHosts;
    private final List<Network> allowedNetworks;

    /**
     * @param httpHosts       hosts that may be reached over plain {@code http} (any case)
     * @param allowedNetworks CIDR blocks (e.g. {@code 10.20.0.0/16}, {@code 127.0.0.0/8}) the operator allows
     *                        although they are inside
     * @throws IllegalArgumentException when a network is not a CIDR block
     */
    public WebhookTargets(final Collection<String> httpHosts, final Collection<String> allowedNetworks) {
        this.httpHosts = httpHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.allowedNetworks = allowedNetworks.stream().map(String::trim).filter(n -> !n.isEmpty())
                .map(Network::parse).toList();
    }

    /** Nothing over http, no inside network: the production default. */
    public static WebhookTargets strict() {
        return new WebhookTargets(List.of(), List.of());
    }

    /**
     * Checks a definition's URL: the rules on the URL, and the addresses its host resolves to now. A name that
     * does not resolve yet is accepted (the receiver may not exist yet); each delivery checks it again.
     */
    public void checkDefinition(final String url, final Resolver resolver) throws Refused {
        try {
            check(url, resolver);
        } catch (Unresolved notYet) {
            // Nothing to check it against now: the delivery resolves it and refuses it then if it is inside.
        }
    }

    /** Checks {@code url} and its host's addresses; the target connects to the first address. */
    public Target check(final String url, final Resolver resolver) throws Refused {
        final URI uri = parse(url);
        final String host = bareHost(uri);
        final List<InetAddress> addresses;
        try {
            final Optional<InetAddress> literal = literal(host);
            addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Unresolved(host);
        }
        if (addresses.isEmpty()) {
            throw new Unresolved(host);
        }
        for (final InetAddress address : addresses) {
            final Optional<String> inside = inside(address);
            if (inside.isPresent() && allowedNetworks.stream().noneMatch(n -> n.contains(address))) {
                throw new Refused("webhook.url's host " + host + " resolves to " + address.getHostAddress() + ", "
                        + inside.get() + " address; webhooks go only to public addresses "
                        + "(an operator may allow a network: cdp.trigger.webhook.allowed-networks)");
            }
        }
        final boolean https = uri.getScheme().equalsIgnoreCase("https");
        final int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        return new Target(uri, addresses.getFirst(), port, https);
    }

    /** The rules on the URL alone: absolute, https (or http to an allowed host), no user info. */
    public URI parse(final String url) throws Refused {
        final URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("webhook.url is not a URL");
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("webhook.url must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("webhook.url must not carry credentials (user:password@)");
        }
        if (scheme.equals("http") && !httpHosts.contains(bareHost(uri).toLowerCase(Locale.ROOT))) {
            throw new Refused("webhook.url must be https; http goes only to the hosts the operator allows "
                    + "(cdp.trigger.webhook.allowed-hosts)");
        }
        return uri;
    }

    /** Why {@code address} is inside (its kind, with an article), or empty for a public address. */
    static Optional<String> inside(final InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast");
        }
        if (address.isSiteLocalAddress() || INSIDE_RANGES.stream().anyMatch(n -> n.contains(address))) {
            return Optional.of("a private");
        }
        return Optional.empty();
    }

    /** Ranges InetAddress does not classify that still reach only inside a network. */
    private static final List<Network> INSIDE_RANGES = List.of(
            Network.parse("0.0.0.0/8"), Network.parse("100.64.0.0/10"), Network.parse("fc00::/7"),
            Network.parse("255.255.255.255/32"));

    private static String bareHost(final URI uri) {
        final String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address an IP literal names, without asking any resolver; empty for a name. */
    private static Optional<InetAddress> literal(final String host) {
        if (!isLiteral(host)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code text} can only be an IP literal (dotted digits, or IPv6 with colons), never a name. */
    private static boolean isLiteral(final String text) {
        final boolean ipv4 = text.contains(".") && text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        final boolean ipv6 = text.contains(":") && text.chars().allMatch(c -> c == ':' || c == '.'
                || Character.digit(c, 16) >= 0);
        return ipv4 || ipv6;
    }

    /** A CIDR block. */
    record Network(byte[] prefix, int bits) {

        static Network parse(final String cidr) {
            final int slash = cidr.indexOf('/');
            if (!isLiteral(slash < 0 ? cidr : cidr.substring(0, slash))) {
                throw new IllegalArgumentException("not a CIDR block: " + cidr);
            }
            try {
                final InetAddress base = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
                final int max = base.getAddress().length * 8;
                final int bits = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("not a CIDR block: " + cidr);
                }
                return new Network(base.getAddress(), bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
            }
        }

        boolean contains(final InetAddress address) {
            final byte[] bytes = address.getAddress();
            if (bytes.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                final int mask = 0x80 >> (i % 8);
                if ((bytes[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
