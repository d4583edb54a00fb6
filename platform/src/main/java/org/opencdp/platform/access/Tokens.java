package org.opencdp.platform.access;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The form of the credentials the platform issues (docs/workspaces.md), so that a presented one is found by its id,
 * never by trying every hash:
 * <ul>
 *   <li>a bearer token is {@code cdp_<credential id>_<secret>}: its id names the credential, one salted hash of the
 *       whole token checks it;</li>
 *   <li>a key/secret pair's key is the credential's id, its secret is checked against the hash.</li>
 * </ul>
 * Ids are 24 lowercase hex digits (96 random bits; not secret), secrets 32 random bytes in base64url (256 bits).
 * A token in any other form is one configured for the deployment's workspace ({@code CDP_WORKSPACE_TOKEN}), found
 * among the few such credentials ({@link Directory#configuredTokens()}).
 */
public final class Tokens {

    public static final String PREFIX = "cdp_";
    private static final int ID_BYTES = 12;
    private static final int SECRET_BYTES = 32;
    private static final int ID_LENGTH = ID_BYTES * 2;

    private final SecureRandom random;

    public Tokens(final SecureRandom random) {
        this.random = random;
    }

    /** A fresh credential id. */
    public String newId() {
        final byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** A fresh secret (of a key/secret pair, or the secret part of a token). */
    public String newSecret() {
        final byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A fresh token of the credential {@code id}. */
    public String newToken(final String id) {
        return PREFIX + id + "_" + newSecret();
    }

    public SecureRandom random() {
        return random;
    }

    /** The credential id inside a token of the issued form; empty for any other string. */
    public static Optional<String> credentialId(final String token) {
        if (token.length() <= PREFIX.length() + ID_LENGTH + 1 || !token.startsWith(PREFIX)
                || token.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < PREFIX.length() + ID_LENGTH; i++) {
            final char c = token.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        return Optional.of(token.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH));
    }
}
