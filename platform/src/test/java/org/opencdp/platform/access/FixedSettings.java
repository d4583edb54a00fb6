package org.opencdp.platform.access;

import java.util.Optional;

/** {@link AccessSettings} as configuration would give them; null: not configured. */
record FixedSettings(String id, String key, String secretValue, String tokenValue, String adminValue)
        implements AccessSettings {

    @Override
    public Optional<String> secret() {
        return Optional.ofNullable(secretValue);
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(tokenValue);
    }

    @Override
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminValue);
    }
}
