package org.opencdp.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * Every route of every service, twice: as the OpenAPI documents the build writes ({@code docs/openapi/*.yaml})
 * declare them, and as {@code docs/scopes.md} lists them with what each needs. The suites that walk every route
 * compare their own lists with {@link #declared()}, so a route added to a service without being listed fails them.
 */
final class RouteTable {

    static final List<String> SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern ROW = Pattern.compile(
            "^\\| (ingest-api|profile-projector|workflow-trigger) \\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \\| `([^`]+)`.*\\|$");

    /** One route of one service: {@code GET /customers/{customer_id}} on profile-projector. */
    record Route(String service, String method, String path) implements Comparable<Route> {

        @Override
        public int compareTo(final Route other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    /** What a route needs (docs/scopes.md): a workspace admin, the operator, or scopes, any or all of them. */
    sealed interface Needs {
        record Admin() implements Needs {
        }

        record Operator() implements Needs {
        }

        /** Admitted holding any one of {@code scopes} (a single scope is a set of one). */
        record AnyOf(Set<String> scopes) implements Needs {
        }

        /** Admitted only holding every one of {@code scopes}. */
        record AllOf(Set<String> scopes) implements Needs {
        }

        static Needs parse(final String text) {
            if (text.equals("admin")) {
                return new Admin();
            }
            if (text.equals("operator")) {
                return new Operator();
            }
            if (text.contains(" and ")) {
                return new AllOf(new LinkedHashSet<>(Arrays.asList(text.split(" and "))));
            }
            return new AnyOf(new LinkedHashSet<>(Arrays.asList(text.split(" or "))));
        }
    }

    private RouteTable() {
    }

    /** The routes the services' OpenAPI documents declare. */
    @SuppressWarnings("unchecked")
    static Set<Route> declared() throws IOException {
        final Set<Route> routes = new TreeSet<>();
        for (final String service : SERVICES) {
            final Path file = StackClient.root().resolve("docs/openapi/" + service + ".yaml");
            final Map<String, Object> document = new Yaml().load(Files.readString(file));
            final Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
            paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains)
                    .forEach(method -> routes.add(new Route(service, method.toUpperCase(), path))));
        }
        return routes;
    }

    /** docs/scopes.md's rows, in their order; a route listed twice is there twice. */
    static List<Map.Entry<Route, Needs>> scopes() throws IOException {
        final List<Map.Entry<Route, Needs>> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(StackClient.root().resolve("docs/scopes.md"))) {
            final Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(Map.entry(new Route(row.group(1), row.group(2), row.group(3)), Needs.parse(row.group(4))));
            }
        }
        return rows;
    }
}
