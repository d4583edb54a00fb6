package org.opencdp.ingest.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * {@code /console} (as people type it) leads to {@code /console/}, where the console's static files are served
 * (META-INF/resources/console; docs/console.md): the page's relative links need the trailing slash.
 */
@ApplicationScoped
public class ConsoleEntry {

    void route(@Observes final Router router) {
        router.getWithRegex("^/console$").handler(context -> context.response().setStatusCode(302)
                .putHeader("Location", "/console/").end());
    }
}
