package org.opencdp.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.get;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two first writes of one property race on two partitions with different inferred types
 * ({@link CatalogRaceInfrastructure}): one definition wins everywhere, and each value ends up of the winning
 * type or rejected (contract section 4).
 */
@QuarkusTest
@QuarkusTestResource(value = CatalogRaceInfrastructure.class, restrictToAnnotatedClass = true)
class CatalogRaceIT {

    private static String config(final String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    @Test
    void shouldConvergeToOneDefinitionAndValuesOfItsType() {
        // Given: the racing writes, produced before the projector started
        final String property = config("race.property");
        final String customerA = config("race.customer-a");
        final String customerB = config("race.customer-b");
        final String requestA = config("race.request-a");

        // When: the projector has decided the property and settled both profiles
        final String[] type = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            type[0] = definedType(property);
            return type[0] != null && settled(customerA, property, type[0]) && settled(customerB, property, type[0]);
        });
        final JsonPath a = profile(customerA);
        final JsonPath b = profile(customerB);
        System.out.printf("Catalog race: %s won; A %s, B %s%n", type[0], a.getString("attributes"), b.getString("attributes"));
        // stable: nothing changes them any more
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> profile(customerA).getInt("revision") == a.getInt("revision")
                        && profile(customerB).getInt("revision") == b.getInt("revision"));

        // Then: one definition, the same as before
        final List<Map<String, Object>> definitions = catalog().getList("properties.findAll { it.name == '" + property + "' }");
        assertThat(definitions).hasSize(1);
        assertThat(definitions.getFirst()).containsEntry("type", type[0]);
        assertThat(type[0]).isIn("string", "integer", "number");
        if (type[0].equals("string")) {
            // The Retently write won: 42 is kept as its text.
            assertThat(a.getString("attributes." + property + ".value")).isEqualTo("gold");
            assertThat(b.getString("attributes." + property + ".type")).isEqualTo("string");
            assertThat(b.getString("attributes." + property + ".value")).isEqualTo("42");
            assertThat(b.getList("rejections")).isEmpty();
        } else {
            // The Retainly write won: "gold" is no number, so A holds no value and says why.
            assertThat(b.getString("attributes." + property + ".type")).isEqualTo(type[0]);
            assertThat(b.getDouble("attributes." + property + ".value")).isEqualTo(42.0);
            assertThat(a.getMap("attributes")).doesNotContainKey(property);
            final List<Map<String, Object>> rejections = a.getList("rejections.findAll { it.property == '" + property + "' }");
            assertThat(rejections).hasSize(1);
            assertThat(rejections.getFirst()).containsEntry("value", "gold").containsEntry("request_id", requestA)
                    .containsKeys("reason", "rejected_at");
        }
    }

    private static JsonPath catalog() {
        return get("/properties", DEMO).then().statusCode(200).extract().jsonPath();
    }

    /** The property's type once GET /properties lists it, else null. */
    private static String definedType(final String property) {
        final Map<String, Object> definition = catalog().getMap("properties.find { it.name == '" + property + "' }");
        return definition == null ? null : (String) definition.get("type");
    }

    private static JsonPath profile(final String customerId) {
        return get("/customers/" + customerId, DEMO).then().statusCode(200).extract().jsonPath();
    }

    /** The customer holds a value of the winning type, or no value and a rejection for the property. */
    private static boolean settled(final String customerId, final String property, final String type) {
        final var response = get("/customers/" + customerId, DEMO);
        if (response.statusCode() != 200) {
            return false;
        }
        final JsonPath profile = response.jsonPath();
        final String held = profile.getString("attributes." + property + ".type");
        if (held != null) {
            return held.equals(type);
        }
        return !profile.getList("rejections.findAll { it.property == '" + property + "' }").isEmpty();
    }
}
