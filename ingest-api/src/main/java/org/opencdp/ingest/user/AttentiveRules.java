package org.opencdp.ingest.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opencdp.avro.SignUpSource;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violations;

/**
 * The Attentive rules that need the workspace's state: enum properties take only their defined values, the
 * custom-attribute limit of {@code POST /v2/user/attributes}, and how an opt-in finds its sign-up source. Pure.
 */
public final class AttentiveRules {

    /** One property of the workspace catalog: its type and, for an enum, its values. */
    public record Property(String type, List<String> enumValues) {
    }

    private AttentiveRules() {
    }

    /** A value of an enum property must be one of its values (case-sensitive). */
    public static void enums(final Map<String, Property> catalog, final Map<String, Object> attributes, final Path at,
                             final Violations violations) {
        attributes.forEach((name, value) -> {
            final Property property = catalog.get(name);
            if (property != null && "enum".equals(property.type()) && value != null && !"".equals(value)
                    && !property.enumValues().contains(String.valueOf(value))) {
                violations.add(at.field(name), "enum", "'" + value + "' is not a value of " + name + ": "
                        + String.join(", ", property.enumValues()));
            }
        });
    }

    /** No new custom attribute once the catalog has {@code limit}: the first one past it is named. */
    public static void customAttributeLimit(final Map<String, Property> catalog, final Map<String, Object> attributes,
                                            final int limit, final Path at, final Violations violations) {
        int count = catalog.size();
        for (final String name : attributes.keySet()) {
            if (!catalog.containsKey(name)) {
                count++;
                if (count > limit) {
                    violations.add(at.field(name), "attribute_limit", "The workspace has " + catalog.size()
                            + " custom attributes; " + name + " would pass the limit of " + limit);
                    return;
                }
            }
        }
    }

    /**
     * The sign-up source an opt-in uses: the one it names (which must exist), else the one API source matching its
     * locale and type; a violation when there is none or several.
     */
    public static Optional<String> signUpSource(final AttentiveUserReader.SubscriptionRequest subscription,
                                                final List<SignUpSource> sources, final Violations violations) {
        if (subscription.signUpSourceId() != null) {
            if (sources.stream().noneMatch(s -> s.getSourceId().equals(subscription.signUpSourceId()))) {
                violations.add(subscription.at().field("signUpSourceId"), "unknown_sign_up_source",
                        "No sign-up source " + subscription.signUpSourceId() + " in this workspace");
                return Optional.empty();
            }
            return Optional.of(subscription.signUpSourceId());
        }
        if (subscription.locale() == null) {
            violations.add(subscription.at(), "sign_up_source_required",
                    "An opt-in needs a signUpSourceId, or a locale and type matching one API sign-up source");
            return Optional.empty();
        }
        final List<SignUpSource> matching = new ArrayList<>();
        for (final SignUpSource source : sources) {
            if ("API".equals(source.getMethod()) && source.getLocale().equals(subscription.locale())
                    && source.getType().equals(subscription.type())) {
                matching.add(source);
            }
        }
        if (matching.size() != 1) {
            violations.add(subscription.at(), "sign_up_source_match", matching.size()
                    + " API sign-up sources match locale " + subscription.locale() + " and type " + subscription.type()
                    + "; exactly one must");
            return Optional.empty();
        }
        return Optional.of(matching.getFirst().getSourceId());
    }
}
