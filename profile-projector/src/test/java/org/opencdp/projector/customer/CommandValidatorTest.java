package org.opencdp.projector.customer;

import static org.opencdp.projector.Times.T1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.projector.Commands;
import org.opencdp.schemas.values.Limits;

/** Commands produced straight to the topic get the REST API's rules: here, no control characters in names and ids. */
class CommandValidatorTest {

    private final CommandValidator validator = new CommandValidator(Limits.DEFAULTS);

    static Stream<String> controls() {
        return Stream.of("\u0000", "\u0001", "\n", "\t", "\u001f", "\u007f", "\u0085");
    }

    @ParameterizedTest(name = "customer id with U+{0}")
    @MethodSource("controls")
    void shouldRefuseACustomerIdHoldingAControlCharacter(final String control) {
        // Given a command whose customer id holds a control character, keyed consistently
        final String customerId = "cust" + control + "1";
        final CustomerCommand command = Commands.upsert(customerId, "r1", T1, Map.of("plan", "pro"));

        // When
        final List<String> violations = validator.violations(new CustomerKey(Commands.WORKSPACE, customerId), command);

        // Then
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("customer_id may not hold control characters"));
    }

    @ParameterizedTest(name = "identifiers with U+{0}")
    @MethodSource("controls")
    void shouldRefuseIdentifierValuesAndCustomNamesHoldingAControlCharacter(final String control) {
        // Given identifiers attached straight on the topic, each with a control character
        final CustomerCommand command = Commands.command("1", "r1", T1, ApiFamily.ATTENTIVE, new AttachIdentifiers(List.of(
                new Identifier("email", null, "a" + control + "@x.io"),
                new Identifier("phone", null, "+1914844" + control + "0001"),
                new Identifier("custom", "crm" + control, "v1"),
                new Identifier("custom", "crm", "v" + control))));

        // When
        final List<String> violations = validator.violations(Commands.key("1"), command);

        // Then every one is named
        assertThat(violations).contains(
                "email may not hold control characters (U+0000 to U+001F, U+007F to U+009F)",
                "phone may not hold control characters (U+0000 to U+001F, U+007F to U+009F)",
                "custom identifier name may not hold control characters (U+0000 to U+001F, U+007F to U+009F)",
                "custom may not hold control characters (U+0000 to U+001F, U+007F to U+009F)");
    }

    @ParameterizedTest(name = "names with U+{0}")
    @MethodSource("controls")
    void shouldRefusePropertyNamesEventNamesAndItemIdsHoldingAControlCharacter(final String control) {
        // Given
        final CustomerCommand property = Commands.command("1", "r1", T1, ApiFamily.RETAINLY,
                new UpsertAttributes(Map.of("pl" + control + "an", "pro"), Map.of()));
        final CustomerCommand event = Commands.command("1", "r2", T1, ApiFamily.RETAINLY,
                new TrackEvent("order" + control + "placed", Map.of("sk" + control + "u", "A1")));
        final CustomerCommand items = Commands.command("1", "r3", T1, ApiFamily.RETAINLY,
                new DeleteArrayItems("orders", List.of("o" + control + "1")));

        // When / Then
        assertThat(validator.violations(Commands.key("1"), property)).anySatisfy(v -> assertThat(v).contains("control characters"));
        assertThat(validator.violations(Commands.key("1"), event))
                .contains("event name may not hold control characters (U+0000 to U+001F, U+007F to U+009F)",
                        "event data field name may not hold control characters (U+0000 to U+001F, U+007F to U+009F)");
        assertThat(validator.violations(Commands.key("1"), items)).anySatisfy(v -> assertThat(v).contains("control characters"));
    }

    @Test
    void shouldLeaveControlCharactersInsideValuesAlone() {
        // Given text values are data: a line break in an address is a value, not a name
        final CustomerCommand command = Commands.upsert("1", "r1", T1, Map.of("address", "1 Main St\nSpringfield",
                "bomb", "1e99999999999"));

        // When / Then: valid; the bomb number is the fold's to reject as a value (a recorded rejection)
        assertThat(validator.violations(Commands.key("1"), command)).isEmpty();
    }
}
