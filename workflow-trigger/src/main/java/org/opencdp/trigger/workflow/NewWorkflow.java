package org.opencdp.trigger.workflow;

import java.util.Optional;

/**
 * A valid workflow definition as a caller asked for it, before it gets an id. Only event triggers exist
 * so far; later trigger kinds become further {@code trigger} shapes.
 */
public record NewWorkflow(String name, String triggerEvent, Optional<String> webhookUrl, boolean enabled) {
}
