package org.opencdp.bench;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** The results file's JSON: indented, a value that could not be measured (NaN) written as null. */
final class Json {

    private static final JsonSerializer<Double> NAN_AS_NULL = new JsonSerializer<>() {
        @Override
        public void serialize(final Double value, final JsonGenerator out, final SerializerProvider provider)
                throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Double.class, NAN_AS_NULL).addSerializer(double.class, NAN_AS_NULL));

    static String write(final Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    private Json() {
    }
}
