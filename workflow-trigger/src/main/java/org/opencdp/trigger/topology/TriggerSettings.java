package org.opencdp.trigger.topology;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The trigger's own settings ({@code cdp.trigger.*}); defaults and reasons are in application.properties. */
@ConfigMapping(prefix = "cdp.trigger")
public interface TriggerSettings {

    /** How long a definition write may wait for Kafka's acknowledgement before the API answers 503. */
    Duration publishTimeout();

    /** How long a definition write waits until the definitions store shows it (read-your-writes). */
    Duration definitionVisibilityTimeout();

    /**
     * The most workflows one workspace may have: every event of the workspace is matched against those of its
     * event, and one event starts at most this many runs.
     */
    int maxWorkflowsPerWorkspace();

    /** How long started run ids are remembered, so that a re-delivered event starts nothing twice. */
    Duration startedRunsRetention();

    Runs runs();

    DryRun dryRun();

    Webhook webhook();

    Templates templates();

    interface Templates {

        /** The largest message one run's template may render to, in UTF-8 bytes; past it the run fails. */
        int maxOutputBytes();
    }

    interface Webhook {

        /**
         * Whether this instance sends webhooks at all. Each instance delivers the runs of its own partitions, so
         * this is set alike on every instance: a disabled one leaves its partitions' deliveries PENDING.
         */
        boolean enabled();

        /** Attempts per run before it is parked. */
        int maxAttempts();

        /** The pause after the first failure; doubled per failure, with jitter. */
        Duration backoff();

        /** The longest pause between two attempts. */
        Duration maxBackoff();

        /** Each POST's time limit, from connecting to the last byte read. */
        Duration timeout();

        /** How often each task collects finished requests, starts due ones and tombstones expired ones. */
        Duration interval();

        /** Requests one task (partition) has open at once. */
        int maxInFlight();

        /** How long a delivered or parked delivery stays queryable (and retryable) before its tombstone. */
        Duration retention();

        /** Readiness is DOWN when a task with due deliveries has completed no round for this long. */
        Duration stuckAfter();

        /** The longest webhook URL that is sent to. */
        int maxUrlLength();

        /** The most bytes of a receiver's answer read (kept in the error of a failed attempt). */
        int maxResponseBytes();

        /** Hosts webhooks may reach over plain http (https may go to any public host). */
        Optional<List<String>> allowedHosts();

        /** Inside networks (CIDR) webhooks may reach although they are loopback, private or link-local. */
        Optional<List<String>> allowedNetworks();
    }

    interface DryRun {

        /** The most enriched events one dry run reads; past it the report says it is incomplete. */
        long maxEvents();

        /** How long one dry run may read; past it the report says it is incomplete. */
        Duration timeout();

        /** How many runs the report shows (customers, rendered messages). */
        int sampleSize();
    }

    /**
     * The run queries. queryAttempts, queryBackoff and forwardTimeout are the platform query engine's settings
     * here: the platform's {@code StreamsEdge} reads them through {@code cdp.streams.query.*}, which
     * application.properties points at these keys; they stay declared here so a bad value fails at start.
     */
    interface Runs {

        /** How many times a run query is tried while partitions move, before it answers 503. */
        int queryAttempts();

        /** Pause between two tries of a run query. */
        Duration queryBackoff();

        /** Time limit of a run query forwarded to the instance owning the partition. */
        Duration forwardTimeout();

        /** Runs listed when the caller gives no limit. */
        int defaultLimit();

        /** The largest limit a caller may ask for. */
        int maxLimit();
    }
}
