package org.opencdp.ingest.http;

import org.opencdp.embedded.OpenApiFileContract;

/** docs/openapi/ingest-api.yaml is the OpenAPI document the build writes. */
class OpenApiFileIT implements OpenApiFileContract {

    @Override
    public String service() {
        return "ingest-api";
    }
}
