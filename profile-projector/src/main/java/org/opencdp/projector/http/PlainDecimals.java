package org.opencdp.projector.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** Number attributes are decimals: written as 0.0000001, never as 1E-7. */
@Singleton
public class PlainDecimals implements ObjectMapperCustomizer {

    @Override
    public void customize(final ObjectMapper mapper) {
        mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
    }
}
