package org.opencdp.platform.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contract section 10: a service started outside dev mode (the dev stack and the tests set
 * {@code cdp.dev-mode=true}) refuses to start when a configured credential is one of the demo values every copy
 * of this repository knows, plaintext or hashed, saying what to set instead.
 */
public final class ProductionGuard {

    /** The demo workspace's credentials, by the environment variable that sets each. */
    public static final Map<String, String> DEMO_VALUES = demoValues();

    private ProductionGuard() {
    }

    private static Map<String, String> demoValues() {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put("CDP_WORKSPACE_SECRET", "demo-secret");
        values.put("CDP_WORKSPACE_TOKEN", "demo-token");
        values.put("CDP_WORKSPACE_ADMIN_TOKEN", "demo-admin");
        return Collections.unmodifiableMap(values);
    }

    /** The shortest operator token accepted outside dev mode (contract section 10). */
    public static final int MIN_OPERATOR_TOKEN_LENGTH = 32;

    /** What keeps {@code settings} from being used outside dev mode; empty when nothing does. */
    public static List<String> problems(final AccessSettings settings) {
        return problems(settings, Optional.empty());
    }

    /**
     * As {@link #problems(AccessSettings)}, and an operator token ({@code CDP_OPERATOR_TOKEN}) shorter than
     * {@value #MIN_OPERATOR_TOKEN_LENGTH} characters (the demo one included). None configured is no problem: the
     * operator routes then admit nobody.
     */
    public static List<String> problems(final AccessSettings settings, final Optional<String> operatorToken) {
        final List<String> problems = new ArrayList<>();
        operatorToken.filter(t -> !t.isBlank() && t.length() < MIN_OPERATOR_TOKEN_LENGTH)
                .ifPresent(t -> problems.add("CDP_OPERATOR_TOKEN has " + t.length() + " characters, fewer than "
                        + MIN_OPERATOR_TOKEN_LENGTH));
        check(problems, "CDP_WORKSPACE_SECRET", settings.secret());
        check(problems, "CDP_WORKSPACE_TOKEN", settings.token());
        check(problems, "CDP_WORKSPACE_ADMIN_TOKEN", settings.adminToken());
        return problems;
    }

    /** The message a service stops with, naming every problem and what to do. */
    public static String refusal(final List<String> problems) {
        return "Refusing to start outside dev mode with the demo credentials or a short operator token: " + String.join("; ", problems)
                + ". Set your own values (at least 32 random characters, or sha256:<hex> of them), or set "
                + "CDP_DEV_MODE=true for a local demo (never on a reachable host).";
    }

    private static void check(final List<String> problems, final String variable, final Optional<String> configured) {
        final String demo = DEMO_VALUES.get(variable);
        configured.filter(value -> !value.isBlank())
                .map(AccessProducer::hash)
                .filter(hash -> hash.matches(demo))
                .ifPresent(hash -> problems.add(variable + " is the demo value '" + demo + "'"));
    }
}
