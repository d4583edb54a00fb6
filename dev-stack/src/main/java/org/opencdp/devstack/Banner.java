package org.opencdp.devstack;

import java.time.Duration;

/** What {@code ./cdp up} prints once everything is ready. */
final class Banner {

    static String render(final DevStack stack, final Duration startup) {
        final DevStackSettings s = stack.settings();
        final DevStack.Endpoints endpoints = stack.endpoints();
        final DevStackSettings.DemoWorkspace demo = s.demo();
        final String ingest = stack.service("ingest-api").url();
        final String projector = stack.service("profile-projector").url();
        final String trigger = stack.service("workflow-trigger").url();
        return """

                OpenCDP is ready (%.1f s).

                  ingest-api         %s        (OpenAPI: %s/q/openapi)
                  profile-projector  %s
                  workflow-trigger   %s
                  Kafka              %s
                  schema registry    %s
                  data and logs      %s

                Demo workspace '%s' (dev mode only):
                  key / secret       %s / %s        (headers: key, secret)
                  bearer token       %s         (all scopes)
                  admin token        %s
                  operator token     %s        (POST %s/admin/workspaces creates another workspace)

                Try it:
                  curl -s -X POST %s/customers -H 'key: %s' -H 'secret: %s' \\
                       -H 'Content-Type: application/json' -d '{"customers":[{"id":1,"plan":"pro"}]}'
                  curl -s %s/customers/1 -H 'Authorization: Bearer %s'

                Press Ctrl-C to stop everything.
                """.formatted(startup.toMillis() / 1000.0,
                ingest, ingest, projector, trigger, endpoints.bootstrapServers(), endpoints.registryUrl(), s.dataDir(),
                demo.id(), demo.key(), demo.secret(), demo.token(), demo.adminToken(), demo.operatorToken(), ingest,
                ingest, demo.key(), demo.secret(), projector, demo.token());
    }

    private Banner() {
    }
}
