package org.opencdp.projector.http;

import org.opencdp.embedded.OpenApiFileContract;

/** docs/openapi/profile-projector.yaml is the OpenAPI document the build writes. */
class OpenApiFileIT implements OpenApiFileContract {

    @Override
    public String service() {
        return "profile-projector";
    }
}
