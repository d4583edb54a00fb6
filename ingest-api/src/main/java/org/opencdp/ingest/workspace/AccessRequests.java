package org.opencdp.ingest.workspace;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.HistoryLimits;
import org.opencdp.platform.access.RateLimit;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.Workspace;
import org.opencdp.schemas.values.ControlCharacters;

/**
 * The bodies of the operator's and a workspace admin's routes (contract section 10), read hostilely: an object
 * with only the known fields, each of its type and within its bounds. A body that is not is refused with every
 * problem named ({@link Read#problems()}), never half applied.
 */
public final class AccessRequests {

    /** The longest credential name. */
    public static final int MAX_NAME = 100;
    /** The longest time zone id (IANA ids are far shorter). */
    public static final int MAX_TIME_ZONE = 64;

    /** A body read: its value when it has no problems. */
    public record Read<T>(Optional<T> value, List<String> problems) {
        static <T> Read<T> of(final T value, final List<String> problems) {
            return problems.isEmpty() ? new Read<>(Optional.of(value), List.of())
                    : new Read<>(Optional.empty(), List.copyOf(problems));
        }

        static <T> Read<T> refused(final String problem) {
            return new Read<>(Optional.empty(), List.of(problem));
        }
    }

    /** {@code POST /admin/workspaces}. */
    public record NewWorkspace(String id, Optional<String> timeZone, Optional<RateLimit> rateLimit,
                               Optional<HistoryLimits> history) {
    }

    /** {@code PATCH /admin/workspaces/{id}}: each field absent (unchanged), or its new value (null: the default). */
    public record WorkspaceChange(Optional<Optional<String>> timeZone, Optional<Optional<RateLimit>> rateLimit,
                                  Optional<Optional<HistoryLimits>> history) {

        public Workspace applyTo(final Workspace workspace) {
            return new Workspace(workspace.id(), timeZone.orElse(workspace.timeZone()),
                    rateLimit.orElse(workspace.rateLimit()), workspace.createdAt(), workspace.deleted(),
                    Optional.empty(), history.orElse(workspace.history()));
        }
    }

    /** {@code POST /credentials}. */
    public record NewCredential(String name, Credential.Kind kind, Set<Scope> scopes) {
    }

    private AccessRequests() {
    }

    public static Read<NewWorkspace> newWorkspace(final JsonNode body) {
        final List<String> problems = new ArrayList<>();
        if (!object(body, Set.of("id", "time_zone", "rate_limit", "history"), problems)) {
            return Read.of(null, problems);
        }
        final JsonNode id = body.get("id");
        if (id == null || !id.isTextual() || !id.asText().matches(Workspace.ID_PATTERN)) {
            problems.add("id must be 1 to 64 characters of [a-z0-9-]");
        }
        final Optional<Optional<String>> zone = timeZone(body, problems);
        final Optional<Optional<RateLimit>> limit = rateLimit(body, problems);
        final Optional<Optional<HistoryLimits>> history = history(body, problems);
        return Read.of(new NewWorkspace(id == null ? null : id.asText(), zone.flatMap(z -> z),
                limit.flatMap(l -> l), history.flatMap(h -> h)), problems);
    }

    public static Read<WorkspaceChange> workspaceChange(final JsonNode body) {
        final List<String> problems = new ArrayList<>();
        if (!object(body, Set.of("time_zone", "rate_limit", "history"), problems)) {
            return Read.of(null, problems);
        }
        return Read.of(new WorkspaceChange(timeZone(body, problems), rateLimit(body, problems),
                history(body, problems)), problems);
    }

    public static Read<NewCredential> newCredential(final JsonNode body) {
        final List<String> problems = new ArrayList<>();
        if (!object(body, Set.of("name", "kind", "scopes"), problems)) {
            return Read.of(null, problems);
        }
        final JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()
                || name.asText().codePointCount(0, name.asText().length()) > MAX_NAME) {
            problems.add("name must be a non-blank string of at most " + MAX_NAME + " characters");
        } else if (ControlCharacters.in(name.asText())) {
            problems.add(ControlCharacters.message("A credential's name"));
        }
        final JsonNode kindNode = body.get("kind");
        final Optional<Credential.Kind> kind = kindNode != null && kindNode.isTextual()
                ? Credential.Kind.ofLabel(kindNode.asText()).filter(k -> k != Credential.Kind.ADMIN) : Optional.empty();
        if (kind.isEmpty()) {
            problems.add("kind must be \"key\" or \"token\"");
        }
        final Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        final JsonNode list = body.get("scopes");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > Scope.values().length) {
            problems.add("scopes must be a list of 1 to " + Scope.values().length + " of: " + labels());
        } else {
            for (final JsonNode scope : list) {
                final Optional<Scope> known = scope.isTextual() ? Scope.ofLabel(scope.asText()) : Optional.empty();
                if (known.isEmpty()) {
                    problems.add("unknown scope " + shown(scope) + "; scopes are: " + labels());
                } else {
                    scopes.add(known.get());
                }
            }
        }
        return Read.of(new NewCredential(name == null ? null : name.asText(), kind.orElse(null), scopes), problems);
    }

    private static boolean object(final JsonNode body, final Set<String> fields, final List<String> problems) {
        if (body == null || !body.isObject()) {
            problems.add("the body must be a JSON object");
            return false;
        }
        for (final Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!fields.contains(name)) {
                problems.add("unknown field " + shown(name) + "; the fields are " + String.join(", ", fields.stream().sorted().toList()));
            }
        }
        return true;
    }

    private static Optional<Optional<String>> timeZone(final JsonNode body, final List<String> problems) {
        if (!body.has("time_zone")) {
            return Optional.empty();
        }
        final JsonNode zone = body.get("time_zone");
        if (zone.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (zone.isTextual() && zone.asText().length() <= MAX_TIME_ZONE && zone.asText().matches("[A-Za-z0-9/_+-]+")) {
            try {
                return Optional.of(Optional.of(ZoneId.of(zone.asText()).getId()));
            } catch (DateTimeException unknown) {
                problems.add("time_zone " + shown(zone) + " is not a time zone (" + unknown.getMessage() + ")");
                return Optional.empty();
            }
        }
        problems.add("time_zone must be an IANA time zone such as Europe/Berlin, or null");
        return Optional.empty();
    }

    private static Optional<Optional<RateLimit>> rateLimit(final JsonNode body, final List<String> problems) {
        if (!body.has("rate_limit")) {
            return Optional.empty();
        }
        final JsonNode limit = body.get("rate_limit");
        if (limit.isNull()) {
            return Optional.of(Optional.empty());
        }
        final String expected = "rate_limit must be null or {\"per_second\":n,\"burst\":n} with 0 < per_second <= "
                + (long) RateLimit.MAX + " and 1 <= burst <= " + (long) RateLimit.MAX;
        if (!limit.isObject() || limit.size() != 2 || !limit.path("per_second").isNumber()
                || !limit.path("burst").isNumber()) {
            problems.add(expected);
            return Optional.empty();
        }
        try {
            return Optional.of(Optional.of(new RateLimit(limit.get("per_second").asDouble(), limit.get("burst").asDouble())));
        } catch (IllegalArgumentException e) {
            problems.add(expected);
            return Optional.empty();
        }
    }

    /**
     * {@code "history":{"retention_days"?,"max_entries"?}} (a field absent or null: the deployment's bound), or
     * null: the deployment's bounds for both.
     */
    private static Optional<Optional<HistoryLimits>> history(final JsonNode body, final List<String> problems) {
        if (!body.has("history")) {
            return Optional.empty();
        }
        final JsonNode history = body.get("history");
        if (history.isNull()) {
            return Optional.of(Optional.empty());
        }
        final String expected = "history must be null or {\"retention_days\"?:n,\"max_entries\"?:n} with whole numbers"
                + " 1 <= retention_days <= " + HistoryLimits.MAX_RETENTION_DAYS + " and 1 <= max_entries <= "
                + HistoryLimits.MAX_ENTRIES + " (absent or null: the deployment's bound)";
        if (!history.isObject()) {
            problems.add(expected);
            return Optional.empty();
        }
        for (final Iterator<String> names = history.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!name.equals("retention_days") && !name.equals("max_entries")) {
                problems.add("unknown field " + shown(name) + " in history; " + expected);
                return Optional.empty();
            }
        }
        final Optional<Integer> days = whole(history.get("retention_days"), HistoryLimits.MAX_RETENTION_DAYS);
        final Optional<Integer> entries = whole(history.get("max_entries"), HistoryLimits.MAX_ENTRIES);
        if (days == null || entries == null) {
            problems.add(expected);
            return Optional.empty();
        }
        return Optional.of(Optional.of(new HistoryLimits(days, entries)));
    }

    /** A whole number from 1 to {@code max}; empty when absent or null; null when anything else. */
    private static Optional<Integer> whole(final JsonNode value, final int max) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 1 && value.asInt() <= max
                ? Optional.of(value.asInt()) : null;
    }

    private static String labels() {
        return String.join(", ", java.util.Arrays.stream(Scope.values()).map(Scope::label).toList());
    }

    /** A caller's text in a message: quoted, cut to 64 characters, control characters escaped by JSON. */
    private static String shown(final Object value) {
        final String text = value instanceof JsonNode node ? node.toString() : "\"" + value + "\"";
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
