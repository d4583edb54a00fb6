package org.opencdp.trigger.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WorkflowRequestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReadACompleteDefinition() throws Exception {
        // Given a body with every field
        final JsonNode body = JSON.readTree("""
                {"name":"Welcome","trigger":{"event":"signup"},"webhook":{"url":"https://hooks.example.com/w"},
                 "enabled":false,"unknown":1}""");

        // When it is read
        final NewWorkflow workflow = WorkflowRequestReader.read(body);

        // Then every field is kept and unknown fields are ignored
        assertThat(workflow).isEqualTo(
                new NewWorkflow("Welcome", "signup", Optional.empty(), Optional.of("https://hooks.example.com/w"), false,
                        List.of(), Optional.empty()));
    }

    @Test
    void shouldEnableByDefaultAndAllowNoWebhook() throws Exception {
        // Given a body without webhook and enabled
        final JsonNode body = JSON.readTree("{\"name\":\"W\",\"trigger\":{\"event\":\"e\"},\"webhook\":null}");

        // When it is read / Then the workflow is enabled and has no webhook
        assertThat(WorkflowRequestReader.read(body)).isEqualTo(new NewWorkflow("W", "e", Optional.empty(), Optional.empty(), true,
                List.of(), Optional.empty()));
    }

    @Test
    void shouldAcceptNamesAndEventsAtTheirLimits() throws Exception {
        // Given a 200-character name and a 50-character event (counted in characters, not bytes)
        final String name = "é".repeat(200);
        final String event = "x".repeat(50);

        // When it is read / Then it is accepted
        assertThat(WorkflowRequestReader.read(body(name, event)).name()).isEqualTo(name);
    }

    @Test
    void shouldRejectNamesAndEventsPastTheirLimits() {
        assertThatThrownBy(() -> WorkflowRequestReader.read(body("n".repeat(201), "e")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("name");
        assertThatThrownBy(() -> WorkflowRequestReader.read(body("n", "e".repeat(51))))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("trigger.event");
        assertThatThrownBy(() -> WorkflowRequestReader.read(body(" ", "e")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("name");
    }

    @Test
    void shouldRejectWebhooksThatAreNotHttpUrls() {
        for (final String webhook : new String[] {"{\"url\":\"ftp://x.example/\"}", "{\"url\":\"/relative\"}",
                                                  "{\"url\":42}", "{}", "\"https://x.example\""}) {
            assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree(
                    "{\"name\":\"W\",\"trigger\":{\"event\":\"e\"},\"webhook\":" + webhook + "}")))
                    .as(webhook).isInstanceOf(InvalidWorkflow.class).hasMessageContaining("webhook");
        }
    }

    @Test
    void shouldReportEveryBrokenRuleAtOnce() throws Exception {
        // Given a body breaking three rules
        final JsonNode body = JSON.readTree("{\"name\":7,\"trigger\":\"signup\",\"enabled\":\"yes\"}");

        // When it is read / Then all three are named
        assertThatThrownBy(() -> WorkflowRequestReader.read(body))
                .isInstanceOf(InvalidWorkflow.class)
                .hasMessageContaining("name")
                .hasMessageContaining("trigger")
                .hasMessageContaining("enabled");
    }

    @Test
    void shouldRejectBodiesThatAreNotObjects() throws Exception {
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree("[1]")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> WorkflowRequestReader.read(null))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("JSON object");
    }

    private static JsonNode body(final String name, final String event) {
        return JSON.createObjectNode().put("name", name).set("trigger", JSON.createObjectNode().put("event", event));
    }

    @Test
    void shouldReadAnAttributeChangeTrigger() throws Exception {
        // Given
        final JsonNode body = JSON.readTree("{\"name\":\"Upgraded\",\"trigger\":{\"attribute\":\"plan\",\"from\":\"free\",\"to\":\"pro\"}}");
        // When / Then: a trigger on attribute.changed with its condition
        assertThat(WorkflowRequestReader.read(body)).isEqualTo(new NewWorkflow("Upgraded", "attribute.changed",
                Optional.of(new org.opencdp.avro.AttributeCondition("plan", "free", "pro")), Optional.empty(), true,
                List.of(), Optional.empty()));
        // And a number is compared as its text
        assertThat(WorkflowRequestReader.read(JSON.readTree("{\"name\":\"S\",\"trigger\":{\"attribute\":\"seats\",\"to\":42}}"))
                .attributeCondition()).contains(new org.opencdp.avro.AttributeCondition("seats", null, "42"));
    }

    @Test
    void shouldRefuseATriggerWithBothEventAndAttributeOrAnObjectValue() throws Exception {
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree(
                "{\"name\":\"X\",\"trigger\":{\"event\":\"signup\",\"attribute\":\"plan\"}}")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("either an event or an attribute");
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree(
                "{\"name\":\"X\",\"trigger\":{\"attribute\":\"plan\",\"to\":{\"a\":1}}}")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("trigger.to must be a string, number or boolean");
    }

    @Test
    void shouldRefuseAWildcardEventTrigger() {
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree(
                "{\"name\":\"X\",\"trigger\":{\"event\":\"subscription.*\"}}")))
                .isInstanceOf(InvalidWorkflow.class).hasMessageContaining("wildcards");
    }

    @Test
    void shouldReadAFilterAndATemplate() throws Exception {
        // Given
        final JsonNode body = JSON.readTree("{\"name\":\"W\",\"trigger\":{\"event\":\"signup\"},"
                + "\"filter\":[{\"property\":\"age\",\"op\":\"gte\",\"value\":18},{\"property\":\"vip\",\"op\":\"exists\"}],"
                + "\"template\":\"Hello {first_name}\"}");
        // When
        final NewWorkflow workflow = WorkflowRequestReader.read(body);
        // Then
        assertThat(workflow.filter()).containsExactly(new org.opencdp.avro.FilterCondition("age", "gte", "18"),
                new org.opencdp.avro.FilterCondition("vip", "exists", null));
        assertThat(workflow.template()).contains("Hello {first_name}");
    }

    @Test
    void shouldRefuseAnUnknownOperatorAMissingValueAndATemplateThatDoesNotParse() throws Exception {
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree("{\"name\":\"W\",\"trigger\":{\"event\":\"e\"},"
                + "\"filter\":[{\"property\":\"age\",\"op\":\"like\",\"value\":1},{\"property\":\"age\",\"op\":\"gt\"}],"
                + "\"template\":\"{#if x}open\"}")))
                .isInstanceOf(InvalidWorkflow.class)
                .hasMessageContaining("filter[0].op must be one of")
                .hasMessageContaining("filter[1].value is required with op gt")
                .hasMessageContaining("template does not parse");
    }

    @Test
    void shouldRefuseATemplateThatCannotRenderSafelyNamingTheConstruct() throws Exception {
        assertThatThrownBy(() -> WorkflowRequestReader.read(JSON.readTree("{\"name\":\"W\",\"trigger\":{\"event\":\"e\"},"
                + "\"template\":\"{#for x in nosuch}{x}{/for}\"}")))
                .isInstanceOf(InvalidWorkflow.class)
                .hasMessageContaining("template uses the section {#for} at line 1, which is not supported");
    }

    @Test
    void shouldReadATriggerOnASegmentsEntriesOrExits() throws Exception {
        // Given / When
        final NewWorkflow entered = WorkflowRequestReader.read(new ObjectMapper().readTree(
                "{\"name\":\"W\",\"trigger\":{\"segment\":\"s-1\",\"on\":\"entered\"}}"));
        final NewWorkflow exited = WorkflowRequestReader.read(new ObjectMapper().readTree(
                "{\"name\":\"W\",\"trigger\":{\"segment\":\"s-1\",\"on\":\"exited\"}}"));
        // Then
        assertThat(entered.triggerEvent()).isEqualTo("segment.entered");
        assertThat(entered.segmentId()).contains("s-1");
        assertThat(exited.triggerEvent()).isEqualTo("segment.exited");
    }

    @Test
    void shouldRefuseASegmentTriggerWithoutAKnownChangeOrWithAnotherTrigger() {
        for (final String trigger : List.of("{\"segment\":\"s-1\"}", "{\"segment\":\"s-1\",\"on\":\"left\"}",
                "{\"segment\":\"\",\"on\":\"entered\"}", "{\"segment\":\"s-1\",\"on\":\"entered\",\"event\":\"x\"}")) {
            assertThatThrownBy(() -> WorkflowRequestReader.read(new ObjectMapper()
                    .readTree("{\"name\":\"W\",\"trigger\":" + trigger + "}")))
                    .as(trigger).isInstanceOf(InvalidWorkflow.class).hasMessageContaining("trigger");
        }
    }
}
