package org.opencdp.schemas;

import java.util.List;

import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.Credential;
import org.opencdp.avro.CredentialKey;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.SegmentBackfill;
import org.opencdp.avro.SegmentBackfillKey;
import org.opencdp.avro.SegmentKey;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.avro.SegmentMembershipKey;
import org.opencdp.avro.SegmentSize;
import org.opencdp.avro.SegmentSizeKey;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.avro.StoredSegment;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.avro.Workspace;
import org.opencdp.avro.WorkspaceKey;

/**
 * Every topic of the platform, declared once. Per-customer topics are keyed by {@link CustomerKey}, so
 * one customer's commands, profile, events and runs share a partition number, and a customer's commands
 * are folded in the order Kafka holds them.
 */
public final class Topics {

    /** Commands from ingest-api and from upstream producers. */
    public static final Topic<CustomerKey, CustomerCommand> CUSTOMER_COMMANDS =
            new Topic<>("customer-commands", false, CustomerKey.class, CustomerCommand.class);

    /** Latest profile per customer (compacted; a tombstone after a delete). */
    public static final Topic<CustomerKey, Profile> PROFILES =
            new Topic<>("profiles", true, CustomerKey.class, Profile.class);

    /** Customer events with the profile as it stood when the event was folded. */
    public static final Topic<CustomerKey, EnrichedEvent> ENRICHED_EVENTS =
            new Topic<>("enriched-events", false, CustomerKey.class, EnrichedEvent.class);

    /**
     * Changes to the property catalog: proposals from first writes (the projector), definitions and
     * deletions from administrators (ingest-api). Keyed by property, so one partition decides each property.
     */
    public static final Topic<PropertyKey, CatalogCommand> CATALOG_COMMANDS =
            new Topic<>("catalog-commands", false, PropertyKey.class, CatalogCommand.class);

    /**
     * The decided catalog (compacted; a tombstone deletes a property). Every definition is written to every
     * partition, so each partition of customer-commands has the whole catalog beside it: this topic must
     * have as many partitions as customer-commands.
     */
    public static final Topic<PropertyKey, PropertyDefinitionEntry> PROPERTY_CATALOG =
            new Topic<>("property-catalog", true, PropertyKey.class, PropertyDefinitionEntry.class);

    /**
     * Requests that name their user by identifiers (Attentive, Retently), and the projector's notes on profiles
     * created, deleted and un-merged. Keyed by workspace: one partition resolves all identifiers of a
     * workspace, in order (docs/identity.md).
     */
    public static final Topic<WorkspaceKey, IdentityCommand> IDENTITY_COMMANDS =
            new Topic<>("identity-commands", false, WorkspaceKey.class, IdentityCommand.class);

    /** Each workspace's sign-up sources (compacted; a tombstone deletes one). */
    public static final Topic<SignUpSourceKey, SignUpSource> SIGN_UP_SOURCES =
            new Topic<>("sign-up-sources", true, SignUpSourceKey.class, SignUpSource.class);

    /**
     * The workspaces of the deployment (compacted; a deleted one is kept, marked deleted). Written by ingest-api's
     * operator routes; every instance of every service follows it (docs/workspaces.md).
     */
    public static final Topic<WorkspaceKey, Workspace> WORKSPACES =
            new Topic<>("workspaces", true, WorkspaceKey.class, Workspace.class);

    /**
     * Every workspace's credentials as salted hashes (compacted; a revoked one is kept, marked revoked). Written by
     * ingest-api; every instance of every service follows it and authenticates against it (docs/workspaces.md).
     */
    public static final Topic<CredentialKey, Credential> CREDENTIALS =
            new Topic<>("credentials", true, CredentialKey.class, Credential.class);

    /** Workflow definitions (compacted; a tombstone deletes one). */
    public static final Topic<WorkflowKey, WorkflowDefinition> WORKFLOWS =
            new Topic<>("workflows", true, WorkflowKey.class, WorkflowDefinition.class);

    /**
     * Segment definitions (compacted; a tombstone deletes one). Written by profile-projector's segment routes;
     * every projector instance follows the whole topic (docs/segments.md).
     */
    public static final Topic<SegmentKey, StoredSegment> SEGMENT_DEFINITIONS =
            new Topic<>("segment-definitions", true, SegmentKey.class, StoredSegment.class);

    /**
     * Who is in which segment (compacted; a tombstone when a customer exits): written by the projector's fold in
     * the same transaction as the customer's profile, for downstream systems that sync audiences.
     */
    public static final Topic<SegmentMembershipKey, SegmentMembership> SEGMENT_MEMBERSHIPS =
            new Topic<>("segment-memberships", true, SegmentMembershipKey.class, SegmentMembership.class);

    /**
     * How far each partition's fold has backfilled each workspace's segments (compacted; docs/segments.md): written
     * by the fold when a walk over the partition's profiles completes, followed by every projector instance for the
     * segments' status.
     */
    public static final Topic<SegmentBackfillKey, SegmentBackfill> SEGMENT_BACKFILLS =
            new Topic<>("segment-backfills", true, SegmentBackfillKey.class, SegmentBackfill.class);

    /**
     * Each segment's member count per partition (compacted; docs/segments.md): kept by the fold on every entry and
     * exit, sent at most once a second per changed segment; a segment's size is the sum over the partitions.
     */
    public static final Topic<SegmentSizeKey, SegmentSize> SEGMENT_SIZES =
            new Topic<>("segment-sizes", true, SegmentSizeKey.class, SegmentSize.class);

    /**
     * Each run's webhook delivery state (compacted; a tombstone once a finished delivery's retention has passed,
     * or its customer is erased). Partitioned like {@link #WORKFLOW_RUNS}: by the key's (workspace, customer),
     * not by the whole key (docs/workflows.md).
     */
    public static final Topic<RunKey, WebhookDelivery> WEBHOOK_DELIVERIES =
            new Topic<>("webhook-deliveries", true, RunKey.class, WebhookDelivery.class);

    /** Administrators' retries of parked webhook deliveries, keyed by the run's customer (as enriched-events). */
    public static final Topic<CustomerKey, WebhookRetry> WEBHOOK_RETRIES =
            new Topic<>("webhook-retries", false, CustomerKey.class, WebhookRetry.class);

    /** Started workflow runs, keyed by customer. */
    public static final Topic<CustomerKey, WorkflowRun> WORKFLOW_RUNS =
            new Topic<>("workflow-runs", false, CustomerKey.class, WorkflowRun.class);

    /**
     * Commands the projector could not read or accept, as their original bytes, with the reason in
     * headers ({@link #DEAD_LETTER_REASON_HEADER}). Not an Avro topic: a poison pill may not be Avro.
     */
    public static final String CUSTOMER_COMMANDS_DLQ = "customer-commands-dlq";

    /** Catalog commands the projector could not read or accept, as their original bytes (same headers). */
    public static final String CATALOG_COMMANDS_DLQ = "catalog-commands-dlq";

    /** Identity commands the projector could not read or accept, as their original bytes (same headers). */
    public static final String IDENTITY_COMMANDS_DLQ = "identity-commands-dlq";

    /**
     * Catalog definitions the projector's apply-catalog could not apply, as their original bytes (same headers).
     * property-catalog sends each definition to every partition, so one poison definition may be here once per
     * partition.
     */
    public static final String PROPERTY_CATALOG_DLQ = "property-catalog-dlq";

    /** Enriched events the trigger could not read or apply, as their original bytes (same headers). */
    public static final String ENRICHED_EVENTS_DLQ = "enriched-events-dlq";

    /** Workflow definitions the trigger could not read, as their original bytes (same headers). */
    public static final String WORKFLOWS_DLQ = "workflows-dlq";

    /** Webhook retry requests the trigger could not read or apply, as their original bytes (same headers). */
    public static final String WEBHOOK_RETRIES_DLQ = "webhook-retries-dlq";

    public static final String DEAD_LETTER_REASON_HEADER = "cdp.dlq.reason";
    /** On a dead letter: the class of the exception that stopped the record's apply (absent when it was refused). */
    public static final String DEAD_LETTER_EXCEPTION_HEADER = "cdp.dlq.exception";
    /** On a dead letter: where the record was read, so an operator can find and replay it. */
    public static final String DEAD_LETTER_TOPIC_HEADER = "cdp.dlq.topic";
    public static final String DEAD_LETTER_PARTITION_HEADER = "cdp.dlq.partition";
    public static final String DEAD_LETTER_OFFSET_HEADER = "cdp.dlq.offset";
    /** The request id a record carries (ingest-api stamps it; a dead letter carries its record's). */
    public static final String REQUEST_ID_HEADER = "cdp.request-id";
    /**
     * The W3C trace context ({@code traceparent}, as OpenTelemetry's Kafka instrumentation names it) of the span
     * that wrote a record: ingest-api's request, then each Kafka Streams processor that read and forwarded it, so
     * one trace follows a write from the API through the fold to the workflow run and its webhook.
     */
    public static final String TRACE_PARENT_HEADER = "traceparent";

    /**
     * What a topic accepts in one record: the broker's and producer's default {@code message.max.bytes} and
     * {@code max.request.size} (1 MiB), which every topic (and Kafka Streams' changelogs) is created with.
     */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    /**
     * The default bound on one profile's encoded size (docs/architecture.md, "Bounded records"): half of
     * {@link #MAX_RECORD_BYTES}, so a profile, and an event carrying it plus its own bounded part, fit one record
     * with margin. ingest-api refuses a single write larger than this; the fold rejects a write that would grow a
     * profile past it.
     */
    public static final int DEFAULT_MAX_PROFILE_BYTES = MAX_RECORD_BYTES / 2;

    /**
     * The most one workflow run takes once encoded, counted with the webhook URL its delivery adds
     * (docs/architecture.md, "Bounded records"): seven eighths of {@link #MAX_RECORD_BYTES}. The last eighth
     * (128 KiB) is margin for the record's key and headers and for what a webhook delivery carries besides its run
     * (state, attempts, an error of at most 500 characters, times), so a run, its stores' changelog entries and
     * its delivery always fit one record. Every run of an event the projector emits fits: such an event takes at
     * most the profile bound and half again (3/4 of a record by default), a run's context is its profile's values
     * and data without their metadata, and its message at most the template output limit (64 KiB by default). A
     * run over it (an event produced straight to enriched-events) is recorded failed with an empty context
     * (docs/workflows.md, "Runs"). A constant, not a setting: it follows from the record limit alone.
     */
    public static final int MAX_RUN_BYTES = MAX_RECORD_BYTES / 8 * 7;

    /**
     * The longest value (in code points) a workflow condition may name ({@code from_value}, {@code to_value}, a
     * filter's value): the workflow API refuses a longer one, and an {@code attribute.changed} change carries a
     * text value only up to this length (a longer one can equal no condition value, so it is omitted).
     */
    public static final int MAX_CONDITION_VALUE_LENGTH = 1000;

    /** The Avro topics, for creating them and registering their schemas. */
    public static final List<Topic<?, ?>> ALL =
            List.of(CUSTOMER_COMMANDS, PROFILES, ENRICHED_EVENTS, CATALOG_COMMANDS, PROPERTY_CATALOG, IDENTITY_COMMANDS,
                    SIGN_UP_SOURCES, WORKFLOWS, WORKFLOW_RUNS, WEBHOOK_DELIVERIES, WEBHOOK_RETRIES, WORKSPACES,
                    CREDENTIALS, SEGMENT_DEFINITIONS, SEGMENT_MEMBERSHIPS,
                    SEGMENT_BACKFILLS, SEGMENT_SIZES);

    /** The dead-letter topics: raw bytes with the dead-letter headers, one per topic a processor reads. */
    public static final List<String> DEAD_LETTER_NAMES = List.of(CUSTOMER_COMMANDS_DLQ, CATALOG_COMMANDS_DLQ,
            IDENTITY_COMMANDS_DLQ, PROPERTY_CATALOG_DLQ, ENRICHED_EVENTS_DLQ, WORKFLOWS_DLQ, WEBHOOK_RETRIES_DLQ);

    /** Every topic name, including the ones with raw bytes. */
    public static final List<String> ALL_NAMES = List.of(
            CUSTOMER_COMMANDS.name(), PROFILES.name(), ENRICHED_EVENTS.name(), CATALOG_COMMANDS.name(),
            PROPERTY_CATALOG.name(), IDENTITY_COMMANDS.name(), SIGN_UP_SOURCES.name(), IDENTITY_COMMANDS_DLQ,
            WORKFLOWS.name(), WEBHOOK_DELIVERIES.name(), WEBHOOK_RETRIES.name(),
            WORKFLOW_RUNS.name(), CUSTOMER_COMMANDS_DLQ, CATALOG_COMMANDS_DLQ, PROPERTY_CATALOG_DLQ, ENRICHED_EVENTS_DLQ,
            WORKFLOWS_DLQ, WEBHOOK_RETRIES_DLQ, WORKSPACES.name(), CREDENTIALS.name(),
            SEGMENT_DEFINITIONS.name(), SEGMENT_MEMBERSHIPS.name(), SEGMENT_BACKFILLS.name(),
            SEGMENT_SIZES.name());

    /** Topics whose records are the latest state per key, and so are compacted. */
    public static boolean isCompacted(final String name) {
        return ALL.stream().anyMatch(t -> t.name().equals(name) && t.compacted());
    }

    private Topics() {
    }
}
