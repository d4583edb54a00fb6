package org.opencdp.projector.customer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

/**
 * The size rule (docs/architecture.md, "Bounded records"): a profile takes at most {@code maxProfileBytes} once
 * encoded; a record that carries a profile plus a part of its own (an enriched event: the caller's data or the
 * changes of attribute.changed; a merge journal: two profiles or a profile and the commands since) at most
 * {@link #maxCarrierBytes()}, the profile bound and half of it again. With the default (half of a topic's 1 MiB)
 * every such record fits one Kafka record with a quarter of it to spare.
 */
public record ProfileBound(int maxProfileBytes) {

    public static final ProfileBound DEFAULT = new ProfileBound(Topics.DEFAULT_MAX_PROFILE_BYTES);

    public ProfileBound {
        if (maxProfileBytes < 1024 || maxProfileBytes + maxProfileBytes / 2 > Topics.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("The profile bound must be between 1 KiB and two thirds of "
                    + Topics.MAX_RECORD_BYTES + " bytes, not " + maxProfileBytes);
        }
    }

    /** The most an event or a merge journal may take: the profile bound and half of it again. */
    public int maxCarrierBytes() {
        return maxProfileBytes + maxProfileBytes / 2;
    }

    /** Why {@code profile} and the {@code events} it comes with cannot be written, if they cannot. */
    public Optional<String> violation(final Profile profile, final Collection<EnrichedEvent> events) {
        final long size = RecordSize.of(profile);
        if (size > maxProfileBytes) {
            return Optional.of("the profile would take " + size + " bytes once encoded, over the limit of "
                    + maxProfileBytes + " (cdp.projector.max-profile-bytes)");
        }
        return violation(events);
    }

    /** Why one of {@code events} cannot be written, if one cannot. */
    public Optional<String> violation(final Collection<EnrichedEvent> events) {
        for (final EnrichedEvent event : events) {
            final long size = RecordSize.of(event);
            if (size > maxCarrierBytes()) {
                return Optional.of("its event " + event.getName() + " would take " + size
                        + " bytes once encoded, over the limit of " + maxCarrierBytes()
                        + " (the profile bound cdp.projector.max-profile-bytes and half of it again)");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code event} within {@link #maxCarrierBytes()}, never refused: an attribute.changed event that would not fit
     * carries fewer values, flagged omitted (its new values first, which its profile holds, then its old values),
     * and, only when even its property names do not fit, fewer changes (the last ones). Its profile, within the
     * profile bound, always fits; so the write is never refused because of its event.
     */
    public EnrichedEvent fit(final EnrichedEvent event) {
        long excess = RecordSize.of(event) - maxCarrierBytes();
        if (excess <= 0) {
            return event;
        }
        final List<AttributeChange> changes = new ArrayList<>(event.getChanges());
        for (int i = 0; i < changes.size() && excess > 0; i++) {
            final AttributeChange change = changes.get(i);
            if (change.getNewValue() != null) {
                final AttributeChange lighter = new AttributeChange(change.getProperty(), change.getOldValue(), null,
                        change.getOldValueOmitted(), true);
                excess -= RecordSize.of(change) - RecordSize.of(lighter);
                changes.set(i, lighter);
            }
        }
        for (int i = 0; i < changes.size() && excess > 0; i++) {
            final AttributeChange change = changes.get(i);
            if (change.getOldValue() != null) {
                final AttributeChange lighter = new AttributeChange(change.getProperty(), null, change.getNewValue(),
                        true, change.getNewValueOmitted());
                excess -= RecordSize.of(change) - RecordSize.of(lighter);
                changes.set(i, lighter);
            }
        }
        EnrichedEvent fitted = withChanges(event, changes);
        while (!changes.isEmpty() && (excess > 0 || RecordSize.of(fitted) > maxCarrierBytes())) {
            excess -= RecordSize.of(changes.removeLast()) - RecordSize.WIRE_HEADER_BYTES;
            fitted = withChanges(event, changes);
        }
        return fitted;
    }

    private static EnrichedEvent withChanges(final EnrichedEvent event, final List<AttributeChange> changes) {
        return new EnrichedEvent(event.getEventId(), event.getWorkspaceId(), event.getCustomerId(), event.getRequestId(),
                event.getName(), event.getData(), event.getTimestamp(), event.getProfile(), List.copyOf(changes));
    }

    /** Whether a record carrying profiles (a merge journal) fits {@link #maxCarrierBytes()}. */
    public boolean carries(final SpecificRecord record) {
        return RecordSize.of(record) <= maxCarrierBytes();
    }
}
