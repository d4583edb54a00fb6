package org.opencdp.trigger.http;

import org.opencdp.embedded.OpenApiFileContract;

/** docs/openapi/workflow-trigger.yaml is the OpenAPI document the build writes. */
class OpenApiFileIT implements OpenApiFileContract {

    @Override
    public String service() {
        return "workflow-trigger";
    }
}
