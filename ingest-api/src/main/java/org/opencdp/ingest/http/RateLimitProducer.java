package org.opencdp.ingest.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;

import org.opencdp.ingest.ratelimit.RateLimits;

/** Builds {@link RateLimits} from the {@code cdp.rate-limit.*} settings (application.properties says why each). */
@ApplicationScoped
public class RateLimitProducer {

    @ConfigMapping(prefix = "cdp.rate-limit")
    public interface Settings {
        double perSecond();

        double burst();

        int failedAuthenticationsPerMinute();

        int trackedFailures();
    }

    @Produces
    @Singleton
    RateLimits rateLimits(final Settings settings) {
        return new RateLimits(settings.perSecond(), settings.burst(), settings.failedAuthenticationsPerMinute(),
                settings.trackedFailures());
    }
}
