package org.opencdp.projector.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.segment.MembershipChanges;
import org.opencdp.schemas.Topics;

/**
 * The events the platform itself emits about a customer when a command changes its profile, so workflows
 * can start on them and triggers never diff snapshots: {@value #CREATED} when a command creates the profile,
 * {@value #ATTRIBUTE_CHANGED} with every property whose value it changed (old and new, each only when a workflow
 * condition could name it: {@link #conditionCanName}; the event's profile holds every new value), {@value #DELETED}
 * when it erases the profile (with an empty snapshot: a deleted customer's data reaches no workflow),
 * {@value #MERGED} when the profile absorbed another (data: merge_id, absorbed_id), {@value #SUBSCRIBED} and
 * {@value #ALREADY_SUBSCRIBED} (data: channel, type) when a command subscribed it.
 * Each event id is the command's id and the event name, so a replayed command yields the same ids. Pure.
 */
public final class PlatformEvents {

    public static final String CREATED = "customer.created";
    public static final String ATTRIBUTE_CHANGED = "attribute.changed";
    public static final String DELETED = "customer.deleted";
    public static final String MERGED = "customer.merged";
    public static final String SUBSCRIBED = "subscription.subscribed";
    public static final String ALREADY_SUBSCRIBED = "subscription.already_subscribed";
    /** A customer entered or exited a segment (contract section 11): data {@code segment_id, segment_name, reason}. */
    public static final String SEGMENT_ENTERED = "segment.entered";
    public static final String SEGMENT_EXITED = "segment.exited";

    private PlatformEvents() {
    }

    /** The events of a command that upserted {@code after}; {@code before} is empty when the customer was new. */
    public static List<EnrichedEvent> upserted(final CustomerCommand command, final Optional<Profile> before,
                                               final Profile after) {
        final List<EnrichedEvent> events = new ArrayList<>(2);
        if (before.isEmpty()) {
            events.add(event(command, CREATED, after, List.of()));
        }
        final List<AttributeChange> changes = changes(before.map(Profile::getAttributes).orElse(Map.of()), after.getAttributes());
        if (!changes.isEmpty()) {
            events.add(event(command, ATTRIBUTE_CHANGED, after, changes));
        }
        final List<Subscription> earlier = before.map(Profile::getSubscriptions).orElse(List.of());
        for (final Subscription subscription : after.getSubscriptions()) {
            final Optional<Subscription> was = earlier.stream().filter(s -> s.getChannel().equals(subscription.getChannel())
                    && s.getType().equals(subscription.getType())).findFirst();
            if (was.isEmpty()) {
                events.add(subscriptionEvent(command, SUBSCRIBED, after, subscription));
            } else if (was.get().getRepeatedAttempts() < subscription.getRepeatedAttempts()) {
                events.add(subscriptionEvent(command, ALREADY_SUBSCRIBED, after, subscription));
            }
        }
        return events;
    }

    /** The survivor of a merge absorbed {@code absorbedId}; {@code after} is the merged profile. */
    public static EnrichedEvent merged(final CustomerCommand command, final Profile after, final String mergeId,
                                       final String absorbedId) {
        final EnrichedEvent event = event(command, MERGED, after, List.of());
        event.getData().put("merge_id", mergeId);
        event.getData().put("absorbed_id", absorbedId);
        return event;
    }

    private static EnrichedEvent subscriptionEvent(final CustomerCommand command, final String name, final Profile after,
                                                   final Subscription subscription) {
        final EnrichedEvent event = event(command, name, after, List.of());
        event.getData().put("channel", subscription.getChannel());
        event.getData().put("type", subscription.getType());
        return event;
    }

    /** The event of a command that erased the customer. */
    public static EnrichedEvent deleted(final CustomerCommand command) {
        return event(command, DELETED, erased(command), List.of());
    }

    /** The profile a deleted customer's events carry: none of its data, only who it was. */
    public static Profile erased(final CustomerCommand command) {
        return Profiles.fresh(command.getWorkspaceId(), command.getCustomerId(), command.getTimestamp(), List.of());
    }

    /**
     * The event of one segment entry or exit. Its id is {@code causeId} (the command's id, or the clock's instant),
     * the event's name and the segment's, so the same cause emits the same event; {@code snapshot} is the profile as
     * it is now.
     */
    public static EnrichedEvent segment(final String workspaceId, final String customerId, final String causeId,
                                        final String requestId, final Instant at, final MembershipChanges.Change change,
                                        final Profile snapshot) {
        final String name = change.entered() ? SEGMENT_ENTERED : SEGMENT_EXITED;
        final Map<String, Object> data = new HashMap<>();
        data.put("segment_id", change.segmentId());
        data.put("segment_name", change.segmentName());
        data.put("reason", change.reason());
        return new EnrichedEvent(causeId + "/" + name + "/" + change.segmentId(), workspaceId, customerId, requestId,
                name, data, at, snapshot, List.of());
    }

    /**
     * Every property whose value differs (set, changed or cleared), by name; a rewrite of the same value is no
     * change. A value no condition can name is left out and flagged omitted, so the change stays small.
     */
    public static List<AttributeChange> changes(final Map<String, Attribute> before, final Map<String, Attribute> after) {
        final TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        final List<AttributeChange> changes = new ArrayList<>();
        for (final String name : names) {
            final Object old = value(before.get(name));
            final Object now = value(after.get(name));
            if (old == null ? now != null : !old.equals(now)) {
                final boolean oldOmitted = old != null && !conditionCanName(old);
                final boolean newOmitted = now != null && !conditionCanName(now);
                changes.add(new AttributeChange(name, oldOmitted ? null : old, newOmitted ? null : now,
                        oldOmitted, newOmitted));
            }
        }
        return changes;
    }

    /**
     * Whether a workflow condition could name {@code typedValue} (docs/workflows.md, "attribute.changed"): a
     * number, boolean or date, or a text of at most {@link Topics#MAX_CONDITION_VALUE_LENGTH} code points. A
     * longer text, a collection or an array equals no condition value, so a change does not carry it.
     */
    static boolean conditionCanName(final Object typedValue) {
        return switch (typedValue) {
            case StringValue text -> fitsCondition(text.getValue());
            case EnumValue option -> fitsCondition(option.getValue());
            case CollectionValue ignored -> false;
            case ArrayValue ignored -> false;
            default -> true;
        };
    }

    private static boolean fitsCondition(final String text) {
        return text.length() <= Topics.MAX_CONDITION_VALUE_LENGTH
                || text.codePointCount(0, text.length()) <= Topics.MAX_CONDITION_VALUE_LENGTH;
    }

    private static Object value(final Attribute attribute) {
        return attribute == null ? null : attribute.getValue();
    }

    private static EnrichedEvent event(final CustomerCommand command, final String name, final Profile snapshot,
                                       final List<AttributeChange> changes) {
        return new EnrichedEvent(command.getCommandId() + "/" + name, command.getWorkspaceId(), command.getCustomerId(),
                command.getRequestId(), name, new HashMap<>(), command.getTimestamp(), snapshot, changes);
    }
}
