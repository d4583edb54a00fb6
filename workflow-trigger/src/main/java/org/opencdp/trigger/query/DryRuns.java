package org.opencdp.trigger.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.KeyWorkspace;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.topology.TriggerSettings;
import org.opencdp.trigger.run.TemplateLimits;
import org.opencdp.trigger.run.WorkflowMatcher;
import org.opencdp.trigger.run.WorkflowRuns;
import org.opencdp.trigger.dryrun.DryRunReport;

/**
 * Replays the stored event log through one workflow's trigger and filter ({@code POST /workflows/{id}/dry-run}):
 * a plain consumer, no group, reads {@code enriched-events} from the first offset at or after {@code from} on
 * every partition up to {@code to} (or the end as it was when the dry run began), and counts the runs the
 * workflow would have started, enabled or not. It writes nothing and calls nothing.
 */
@ApplicationScoped
public class DryRuns {

    private static final Logger LOG = Logger.getLogger(DryRuns.class);

    private final KafkaClients clients;
    private final Deserializer<EnrichedEvent> events;
    private final TriggerSettings.DryRun settings;
    private final TemplateLimits templateLimits;

    @Inject
    public DryRuns(final KafkaClients clients, final SchemaRegistry registry, final TriggerSettings settings) {
        this.clients = clients;
        this.events = Topics.ENRICHED_EVENTS.valueSerde(registry).deserializer();
        this.settings = settings.dryRun();
        this.templateLimits = new TemplateLimits(settings.templates().maxOutputBytes());
    }

    public DryRunReport run(final WorkflowDefinition workflow, final Instant from, final Instant to) {
        // The constructor, not newBuilder(workflow): the copying builder resolves unions on the wrong class loader.
        final WorkflowDefinition live = new WorkflowDefinition(workflow.getWorkflowId(), workflow.getWorkspaceId(),
                workflow.getName(), workflow.getTrigger(), workflow.getWebhook(), true, workflow.getCreatedAt(),
                workflow.getFilter(), workflow.getTemplate(), workflow.getUpdatedAt());
        final long deadline = System.nanoTime() + settings.timeout().toNanos();
        long scanned = 0;
        long read = 0;
        long runs = 0;
        final Set<String> customers = new HashSet<>();
        final Set<String> runIds = new HashSet<>();
        final List<DryRunReport.SampleRun> sample = new ArrayList<>();
        boolean complete = true;
        try (Consumer<byte[], byte[]> consumer = clients.consumer("workflow-trigger-dry-run",
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.ENRICHED_EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            final Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            final Set<TopicPartition> open = new HashSet<>();
            for (final TopicPartition partition : partitions) {
                final OffsetAndTimestamp start = starts.get(partition);
                if (start != null && start.offset() < end.get(partition)) {
                    consumer.seek(partition, start.offset());
                    open.add(partition);
                }
            }
            consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline || scanned >= settings.maxEvents()) {
                    complete = false;
                    break;
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!open.contains(partition)) {
                        continue;
                    }
                    if (record.timestamp() >= to.toEpochMilli() || record.offset() >= end.get(partition)) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                        continue;
                    }
                    scanned++;
                    // Only the workflow's own workspace's events are read, counted or shown: the log holds every
                    // workspace's, and their number is not this caller's to learn (contract section 10, isolation).
                    if (!KeyWorkspace.of(record.key()).map(workflow.getWorkspaceId()::equals).orElse(false)) {
                        continue;
                    }
                    read++;
                    final EnrichedEvent event = decode(record);
                    if (event != null && !WorkflowMatcher.matching(event, List.of(live)).isEmpty()) {
                        final WorkflowRun run = WorkflowRuns.start(event, live, templateLimits);
                        if (runIds.add(run.getRunId())) {
                            runs++;
                            customers.add(run.getCustomerId());
                            if (sample.size() < settings.sampleSize()) {
                                sample.add(new DryRunReport.SampleRun(run.getRunId(), run.getCustomerId(),
                                        run.getEventId(), run.getEventName(), run.getEventTimestamp().toString(),
                                        run.getMessage()));
                            }
                        }
                    }
                }
                for (final TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition) >= end.get(partition)) {
                        open.remove(partition);
                    }
                }
            }
        }
        return new DryRunReport(workflow.getWorkflowId(), from.toString(), to.toString(), read, runs, customers.size(),
                sample, complete);
    }

    /** The event, or null for a record this reader cannot read (the trigger sends those to its dead-letter topic). */
    private EnrichedEvent decode(final ConsumerRecord<byte[], byte[]> record) {
        try {
            return events.deserialize(record.topic(), record.value());
        } catch (RuntimeException unreadable) {
            LOG.debugf("Dry run skips the unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), unreadable.getMessage());
            return null;
        }
    }
}
