package org.opencdp.ingest.http;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.opencdp.avro.SignUpSource;

/** A sign-up source as the admin routes show it. */
public record SignUpSourceView(String id, String name, String type, String locale, String method,
                               @JsonProperty("created_at") String createdAt) {

    static SignUpSourceView of(final SignUpSource source) {
        return new SignUpSourceView(source.getSourceId(), source.getName(), source.getType(), source.getLocale(),
                source.getMethod(), source.getCreatedAt().toString());
    }
}
