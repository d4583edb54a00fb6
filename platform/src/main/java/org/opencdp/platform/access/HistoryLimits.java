package org.opencdp.platform.access;

import java.util.Optional;

/**
 * How much history a workspace keeps (contract section 12, docs/history.md): for how many days, and at most how
 * many entries per profile. Either empty: the deployment's bound ({@code cdp.projector.history.*}).
 */
public record HistoryLimits(Optional<Integer> retentionDays, Optional<Integer> maxEntries) {

    /** Ten years: longer is a typo, and a history kept that long is an archive, not this store's job. */
    public static final int MAX_RETENTION_DAYS = 3650;
    /** Ten times the default: a profile's history stays readable in a few pages of scans. */
    public static final int MAX_ENTRIES = 100_000;

    public HistoryLimits {
        if (retentionDays.filter(days -> days < 1 || days > MAX_RETENTION_DAYS).isPresent()
                || maxEntries.filter(entries -> entries < 1 || entries > MAX_ENTRIES).isPresent()) {
            throw new IllegalArgumentException("history limits need 1 <= retention_days <= " + MAX_RETENTION_DAYS
                    + " and 1 <= max_entries <= " + MAX_ENTRIES + ", not " + retentionDays.orElse(null) + " and "
                    + maxEntries.orElse(null));
        }
    }
}
