package org.opencdp.platform.trace;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.StartupEvent;

/**
 * Installs the service's OpenTelemetry (quarkus-opentelemetry's) in {@link Tracing} at start, before Kafka
 * Streams starts processing (this observer runs ahead of the application's own), so every record's span is the
 * service's. A service without OpenTelemetry keeps the no-op one.
 */
@ApplicationScoped
class TracingInstaller {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) final StartupEvent start,
                 final Instance<OpenTelemetry> openTelemetry) {
        if (openTelemetry.isResolvable()) {
            Tracing.use(openTelemetry.get());
        }
    }
}
