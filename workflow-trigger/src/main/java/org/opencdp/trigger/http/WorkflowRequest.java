package org.opencdp.trigger.http;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /workflows} and {@code PUT /workflows/{id}}, for the OpenAPI document only: the routes
 * read the JSON themselves ({@code WorkflowRequestReader}), which reports every broken rule at once.
 */
@Schema(name = "WorkflowRequest", description = "A workflow definition as a caller writes it")
public record WorkflowRequest(
        @Schema(required = true, maxLength = 200, examples = "Welcome") String name,
        @Schema(required = true, description = "{\"event\":\"signup\"}, or {\"attribute\":\"plan\",\"from\":\"free\",\"to\":\"pro\"} "
                + "(from and to optional) for a change of a property's value") WorkflowDto.Trigger trigger,
        @Schema(description = "Where each run is delivered (an http or https URL)") WorkflowDto.Webhook webhook,
        @Schema(description = "Whether it starts runs; true when absent", defaultValue = "true") Boolean enabled,
        @Schema(description = "Conditions on the profile, all of which must hold; op one of eq, ne, gt, gte, lt, lte, "
                + "exists, not_exists (no value for the last two)") List<WorkflowDto.Filter> filter,
        @Schema(description = "The run's message, {property} replaced by the profile's value",
                examples = "Hello {first_name}") String template) {
}
