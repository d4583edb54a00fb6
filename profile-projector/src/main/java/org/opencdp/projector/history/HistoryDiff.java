package org.opencdp.projector.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.Profile;
import org.opencdp.avro.Subscription;
import org.opencdp.schemas.values.Ids;

/**
 * The history entries of one fold step: what differs between the profile before and after one command (or one
 * catalog change). Only what changed becomes an entry; an attribute written again with the value it held makes
 * none (its update time moves, its value does not).
 *
 * <p>Cost: one pass over the attribute names of both profiles (a map lookup and an {@code equals} each: values
 * that did not change are the same objects the fold copied, so equal at once) and one linear walk of each list
 * (identifiers, subscriptions, merge records, and the items of an array field whose value changed); no sorting
 * of items, no copies of unchanged values. O(attributes + list lengths) per command, entries only for changes.
 *
 * <p>Lists are diffed by a key (an item's id, an identifier's kind and name, a subscription's channel and type, a
 * merge id): walking both lists in order, an element whose key is next in the new list stayed (changed when not
 * equal), one whose key is not was removed, and what the new list holds beyond the walk was added. The fold only
 * appends, replaces in place and removes, so this is its exact edit; any other reordering still gives a correct,
 * if longer, sequence of entries. Entries come removed (last position first), changed, then added (first
 * position first), so undoing them newest first restores the old list exactly.
 */
public final class HistoryDiff {

    /** The name of a merge entry for a merge record (its {@code item} is the merge id). */
    public static final String MERGES = "merges";
    /** The name of a merge entry for the profile's {@code merged_into}. */
    public static final String MERGED_INTO = "merged_into";
    /** The name of a merge entry for the profile's {@code created_at} (a merge keeps the older of the two). */
    public static final String CREATED_AT = "created_at";

    private static final String ITEM_ID = "id";

    private HistoryDiff() {
    }

    /**
     * @param before the profile before the step; empty when the customer did not exist
     * @param after  the profile after it
     * @return the step's entries in the order they happened (the store writes them with rising sequence numbers)
     */
    public static List<HistoryEntry> between(final Optional<Profile> before, final Profile after, final HistoryContext context) {
        final List<HistoryEntry> entries = new ArrayList<>();
        final Map<String, Attribute> old = before.map(Profile::getAttributes).orElse(Map.of());
        attributes(old, after.getAttributes(), context, entries);
        list(HistoryKind.IDENTIFIER, before.map(Profile::getIdentifiers).orElse(List.of()), after.getIdentifiers(),
                HistoryDiff::identifierKey, HistoryDiff::identifierName, i -> null, context, entries);
        list(HistoryKind.SUBSCRIPTION, before.map(Profile::getSubscriptions).orElse(List.of()), after.getSubscriptions(),
                HistoryDiff::subscriptionKey, HistoryDiff::subscriptionKey, s -> null, context, entries);
        list(HistoryKind.MERGE, before.map(Profile::getMerges).orElse(List.of()), after.getMerges(),
                MergeRecord::getMergeId, m -> MERGES, MergeRecord::getMergeId, context, entries);
        final String mergedInto = before.map(Profile::getMergedInto).orElse(null);
        if (!Objects.equals(mergedInto, after.getMergedInto())) {
            entries.add(entry(context, HistoryKind.MERGE, MERGED_INTO, null, -1, mergedInto, after.getMergedInto()));
        }
        before.filter(profile -> !profile.getCreatedAt().equals(after.getCreatedAt())).ifPresent(profile ->
                entries.add(entry(context, HistoryKind.MERGE, CREATED_AT, null, -1, profile.getCreatedAt(), after.getCreatedAt())));
        return entries;
    }

    /** Sorted by name, so that one step's entries always come in the same order. */
    private static void attributes(final Map<String, Attribute> old, final Map<String, Attribute> now,
                                   final HistoryContext context, final List<HistoryEntry> entries) {
        final TreeSet<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        for (final String name : names) {
            final Attribute was = old.get(name);
            final Attribute is = now.get(name);
            if (was != null && is != null && Objects.equals(was.getValue(), is.getValue())) {
                continue;
            }
            if (was != null && is != null && was.getValue() instanceof ArrayValue wasArray
                    && is.getValue() instanceof ArrayValue isArray) {
                list(HistoryKind.ARRAY_ITEM, wasArray.getItems(), isArray.getItems(), HistoryDiff::itemKey,
                        item -> name, HistoryDiff::itemId, context, entries);
            } else {
                entries.add(entry(context, HistoryKind.ATTRIBUTE, name, null, -1, was, is));
            }
        }
    }

    private static <T> void list(final HistoryKind kind, final List<T> old, final List<T> now, final Function<T, Object> key,
                                 final Function<T, String> name, final Function<T, String> item,
                                 final HistoryContext context, final List<HistoryEntry> entries) {
        final List<HistoryEntry> removed = new ArrayList<>();
        final List<HistoryEntry> changed = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < old.size(); i++) {
            final T was = old.get(i);
            if (next < now.size() && key.apply(was).equals(key.apply(now.get(next)))) {
                final T is = now.get(next);
                if (!was.equals(is)) {
                    changed.add(entry(context, kind, name.apply(is), item.apply(is), next, was, is));
                }
                next++;
            } else {
                removed.add(entry(context, kind, name.apply(was), item.apply(was), i, was, null));
            }
        }
        entries.addAll(removed.reversed());
        entries.addAll(changed);
        for (int j = next; j < now.size(); j++) {
            final T is = now.get(j);
            entries.add(entry(context, kind, name.apply(is), item.apply(is), j, null, is));
        }
    }

    private static HistoryEntry entry(final HistoryContext context, final HistoryKind kind, final String name,
                                      final String item, final int position, final Object old, final Object now) {
        return new HistoryEntry(context.at(), kind, name, item, position, old, now, context.requestId(), context.source());
    }

    /** The item's canonical id (a number is its decimal string, as the fold addresses items), or the item itself. */
    private static Object itemKey(final ArrayItem item) {
        final String id = itemId(item);
        return id != null ? id : item;
    }

    private static String itemId(final ArrayItem item) {
        return switch (item.getFields().get(ITEM_ID)) {
            case CharSequence s -> s.toString();
            case Long l -> Ids.canonical(l);
            case null, default -> null;
        };
    }

    private static Object identifierKey(final Identifier identifier) {
        return identifierName(identifier);
    }

    private static String identifierName(final Identifier identifier) {
        return identifier.getName() == null ? identifier.getKind() : identifier.getKind() + ":" + identifier.getName();
    }

    private static String subscriptionKey(final Subscription subscription) {
        return subscription.getChannel() + "/" + subscription.getType();
    }
}
