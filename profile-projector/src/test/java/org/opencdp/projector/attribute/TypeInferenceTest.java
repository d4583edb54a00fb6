package org.opencdp.projector.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.schemas.values.AttributeType;

/** How the first value of a property decides its type, per route family (contract section 4). */
class TypeInferenceTest {

    static Stream<Arguments> firstValues() {
        final ItemList objects = new ItemList(List.of(new ArrayItem(Map.of("amount", 1L))));
        return Stream.of(
                Arguments.of(ApiFamily.RETAINLY, true, AttributeType.BOOLEAN),
                Arguments.of(ApiFamily.RETAINLY, 1L, AttributeType.INTEGER),
                Arguments.of(ApiFamily.RETAINLY, 2.0, AttributeType.INTEGER),
                Arguments.of(ApiFamily.RETAINLY, 2.5, AttributeType.NUMBER),
                Arguments.of(ApiFamily.RETAINLY, "2022-02-25", AttributeType.DATE),
                Arguments.of(ApiFamily.RETAINLY, "2022-02-25T21:00:00.000Z", AttributeType.DATE),
                Arguments.of(ApiFamily.RETAINLY, "2022-02-25T21:00:00", AttributeType.DATE),
                Arguments.of(ApiFamily.RETAINLY, "2022-02-30", AttributeType.STRING),
                Arguments.of(ApiFamily.RETAINLY, "12/31/2019", AttributeType.STRING),
                Arguments.of(ApiFamily.RETAINLY, "24", AttributeType.STRING),
                Arguments.of(ApiFamily.RETAINLY, "value", AttributeType.STRING),
                Arguments.of(ApiFamily.RETAINLY, new ScalarList(List.of("one", "two")), AttributeType.COLLECTION),
                Arguments.of(ApiFamily.RETAINLY, objects, AttributeType.ARRAY),
                Arguments.of(ApiFamily.UPSTREAM, 7L, AttributeType.INTEGER),
                Arguments.of(ApiFamily.RETENTLY, 7L, AttributeType.STRING),
                Arguments.of(ApiFamily.RETENTLY, "2022-02-25", AttributeType.STRING),
                Arguments.of(ApiFamily.ATTENTIVE, 7L, AttributeType.NUMBER),
                Arguments.of(ApiFamily.ATTENTIVE, "24", AttributeType.NUMBER),
                Arguments.of(ApiFamily.ATTENTIVE, "TRUE", AttributeType.BOOLEAN),
                Arguments.of(ApiFamily.ATTENTIVE, false, AttributeType.BOOLEAN),
                Arguments.of(ApiFamily.ATTENTIVE, "blue", AttributeType.STRING),
                // Written as a number, out of range: a number property, whose value Coercion then rejects
                Arguments.of(ApiFamily.ATTENTIVE, "1e99999999999", AttributeType.NUMBER),
                Arguments.of(ApiFamily.RETAINLY, "2022-02-25" + "0".repeat(10_000), AttributeType.STRING),
                Arguments.of(ApiFamily.RETAINLY, "99999-02-25", AttributeType.STRING));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("firstValues")
    void shouldInferTheTypeOfANewPropertyFromItsFirstValue(final ApiFamily family, final Object raw, final AttributeType expected) {
        assertThat(TypeInference.infer(family, raw)).isEqualTo(expected);
    }
}
