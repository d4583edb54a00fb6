package org.opencdp.ingest.console;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import org.opencdp.ingest.query.ProjectorStub;

/**
 * The echoing stand-in of {@link ProjectorStub} as both the projector and the workflow trigger:
 * {@code /workflows/slow} answers after 3 s, past ingest-api's 1 s bound for the trigger.
 */
public class TriggerStub extends ProjectorStub {

    @Override
    protected Map<String, String> configuration(final String url) {
        final Map<String, String> config = new HashMap<>(super.configuration(url));
        config.put("cdp.ingest.trigger-url", url);
        config.put("cdp.ingest.trigger-timeout", "1s");
        config.put("cdp.ingest.trigger-retry-after", "4s");
        return config;
    }

    @Override
    protected void answer(final HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().equals("/workflows/slow")) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.answer(exchange);
    }
}
