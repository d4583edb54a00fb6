package org.opencdp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class CustomerBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBuildABatchOfConsecutiveCustomersWithTenAttributesEach() throws Exception {
        // When building 1,000 customers from id 5,001
        final JsonNode body = JSON.readTree(CustomerBodies.batch(5001, 1000));

        // Then it is valid JSON with the ids in order, each with an id and ten attributes
        final JsonNode customers = body.get("customers");
        assertThat(customers.size()).isEqualTo(1000);
        assertThat(customers.get(0).get("id").asLong()).isEqualTo(5001);
        assertThat(customers.get(999).get("id").asLong()).isEqualTo(6000);
        for (final JsonNode customer : customers) {
            assertThat(customer.size()).isEqualTo(1 + CustomerBodies.ATTRIBUTES);
        }
    }

    @Test
    void shouldGiveEachAttributeTheSameKindOfValueForEveryCustomer() throws Exception {
        // Given two customers far apart
        final JsonNode first = JSON.readTree(CustomerBodies.single(7)).get("customers").get(0);
        final JsonNode other = JSON.readTree(CustomerBodies.single(123_456)).get("customers").get(0);

        // Then each attribute has the same JSON type in both (the catalog types a property on first write)
        first.fieldNames().forEachRemaining(name ->
                assertThat(other.get(name).getNodeType()).as(name).isEqualTo(first.get(name).getNodeType()));
        assertThat(first.get("signed_up").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(other.get("signed_up").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }
}
