package org.opencdp.trigger.http;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opencdp.embedded.CommittedFiles;

/** docs/openapi/workflow-trigger.yaml, the committed OpenAPI document, is what the build writes (target/openapi/). */
class OpenApiFileIT {

    @Test
    void shouldCommitTheOpenApiDocumentTheBuildWrites() throws Exception {
        // Given the document the build wrote (quarkus.smallrye-openapi.store-schema-directory)
        final Path generated = Path.of("target/openapi/workflow-trigger.yaml");
        // When it is compared with the committed one
        // Then they are the same
        CommittedFiles.assertCurrent(generated, CommittedFiles.root().resolve("docs/openapi/workflow-trigger.yaml"),
                CommittedFiles.regenerateCommand("workflow-trigger", "OpenApiFileIT"));
    }
}
