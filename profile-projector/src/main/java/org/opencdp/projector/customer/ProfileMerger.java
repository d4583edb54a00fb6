package org.opencdp.projector.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.Profile;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.identity.IdentifierKinds;

/**
 * Merges an absorbed profile into its survivor (docs/identity.md). Per attribute the newer write wins: the one
 * with the later {@code updated_at}, the time ingest-api accepted the write; on a tie the survivor's. Array fields
 * are united: the survivor's items, then the absorbed profile's items whose id the survivor does not have (and
 * those without id). Subscriptions are united per channel and type (the earlier subscription, attempts added),
 * identifiers united, rejections kept (newest last). The survivor keeps its id and age (the older of the two).
 * Pure.
 */
public final class ProfileMerger {

    private ProfileMerger() {
    }

    public static Profile merge(final Profile survivor, final Profile absorbed, final String mergeId,
                                final String requestId, final Instant at) {
        final Profile merged = Profiles.copy(survivor);
        final Map<String, Attribute> attributes = new HashMap<>(survivor.getAttributes());
        absorbed.getAttributes().forEach((name, theirs) -> attributes.merge(name, theirs, ProfileMerger::newer));
        merged.setAttributes(attributes);
        merged.setIdentifiers(IdentifierKinds.union(survivor.getIdentifiers(), absorbed.getIdentifiers()));
        merged.setSubscriptions(subscriptions(survivor.getSubscriptions(), absorbed.getSubscriptions()));
        merged.setRejections(rejections(survivor.getRejections(), absorbed.getRejections()));
        final List<MergeRecord> merges = new ArrayList<>(survivor.getMerges());
        merges.add(new MergeRecord(mergeId, absorbed.getCustomerId(), at, requestId, false, true));
        merged.setMerges(merges);
        merged.setCreatedAt(survivor.getCreatedAt().isAfter(absorbed.getCreatedAt())
                ? absorbed.getCreatedAt() : survivor.getCreatedAt());
        merged.setUpdatedAt(at);
        merged.setLastRequestId(requestId);
        merged.setRevision(survivor.getRevision() + 1);
        return merged;
    }

    private static Attribute newer(final Attribute ours, final Attribute theirs) {
        if (ours.getValue() instanceof ArrayValue mine && theirs.getValue() instanceof ArrayValue other) {
            final Instant updated = ours.getUpdatedAt().isBefore(theirs.getUpdatedAt()) ? theirs.getUpdatedAt() : ours.getUpdatedAt();
            return new Attribute(new ArrayValue(items(mine.getItems(), other.getItems())), updated,
                    updated.equals(ours.getUpdatedAt()) ? ours.getRequestId() : theirs.getRequestId());
        }
        return theirs.getUpdatedAt().isAfter(ours.getUpdatedAt()) ? theirs : ours;
    }

    private static List<ArrayItem> items(final List<ArrayItem> ours, final List<ArrayItem> theirs) {
        final Set<Object> ids = ours.stream().map(item -> item.getFields().get("id")).filter(id -> id != null)
                .map(Object::toString).collect(Collectors.toSet());
        final List<ArrayItem> all = new ArrayList<>(ours);
        theirs.stream().filter(item -> item.getFields().get("id") == null
                || !ids.contains(item.getFields().get("id").toString())).forEach(all::add);
        return all;
    }

    private static List<Subscription> subscriptions(final List<Subscription> ours, final List<Subscription> theirs) {
        final Map<String, Subscription> byChannelAndType = new LinkedHashMap<>();
        for (final Subscription subscription : ours) {
            byChannelAndType.put(subscription.getChannel() + "/" + subscription.getType(), subscription);
        }
        for (final Subscription subscription : theirs) {
            byChannelAndType.merge(subscription.getChannel() + "/" + subscription.getType(), subscription, (a, b) -> {
                final Subscription first = a.getSubscribedAt().isAfter(b.getSubscribedAt()) ? b : a;
                return new Subscription(first.getChannel(), first.getType(), first.getSignUpSourceId(),
                        first.getSubscribedAt(), a.getRepeatedAttempts() + b.getRepeatedAttempts(),
                        latest(a.getLastAttemptAt(), b.getLastAttemptAt()));
            });
        }
        return new ArrayList<>(byChannelAndType.values());
    }

    private static Instant latest(final Instant a, final Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static List<AttributeRejection> rejections(final List<AttributeRejection> ours,
                                                       final List<AttributeRejection> theirs) {
        final List<AttributeRejection> all = new ArrayList<>(ours);
        all.addAll(theirs);
        all.sort((a, b) -> a.getRejectedAt().compareTo(b.getRejectedAt()));
        return List.copyOf(all.subList(Math.max(0, all.size() - ProfileChanges.MAX_KEPT_REJECTIONS), all.size()));
    }
}
