package org.opencdp.projector.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Profile;
import org.opencdp.projector.customer.CommandOutcome;
import org.opencdp.projector.customer.CustomerFolder;
import org.opencdp.schemas.Topics;

/**
 * Folds each command record into the customer's profile in {@link ProjectorTopology#PROFILE_STORE} and sends
 * what the fold produced to its sink: the profile (or a tombstone) to profiles, an enriched event to
 * enriched-events, an unreadable or invalid command, as its original bytes, to the dead-letter topic.
 */
final class FoldCommandProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = Logger.getLogger(FoldCommandProcessor.class);

    private final CommandDecoder decoder;
    private final CustomerFolder folder;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<CustomerKey, Profile> profiles;

    FoldCommandProcessor(final CommandDecoder decoder, final CustomerFolder folder) {
        this.decoder = decoder;
        this.folder = folder;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_STORE);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.CUSTOMER_COMMANDS.name());
        switch (decoder.decode(topic, record.key(), record.value())) {
            case CommandDecoder.Decoded.Unreadable unreadable -> deadLetter(record, "unreadable: " + unreadable.reason());
            case CommandDecoder.Decoded.Readable readable -> fold(record, readable);
        }
    }

    private void fold(final Record<byte[], byte[]> record, final CommandDecoder.Decoded.Readable readable) {
        final CustomerKey key = readable.key();
        final Optional<Profile> current = key == null ? Optional.empty() : Optional.ofNullable(profiles.get(key));
        switch (folder.fold(key, readable.command(), current)) {
            case CommandOutcome.ProfileUpserted upserted -> {
                profiles.put(key, upserted.profile());
                context.forward(record.withKey(key).withValue(upserted.profile()), ProjectorTopology.PROFILES_SINK);
                if (!upserted.rejections().isEmpty()) {
                    LOG.debugf("Command %s: %d value(s) not stored: %s", readable.command().getCommandId(),
                            upserted.rejections().size(), upserted.rejections());
                }
            }
            case CommandOutcome.ProfileDeleted ignored -> {
                profiles.delete(key);
                context.forward(record.withKey(key).withValue(null), ProjectorTopology.PROFILES_SINK);
            }
            case CommandOutcome.EventEnriched enriched ->
                    context.forward(record.withKey(key).withValue(enriched.event()), ProjectorTopology.ENRICHED_EVENTS_SINK);
            case CommandOutcome.CommandRejected rejected -> deadLetter(record, "invalid: " + rejected.reason());
            case CommandOutcome.NothingToChange nothing ->
                    LOG.debugf("Command %s changes nothing: %s", readable.command().getCommandId(), nothing.reason());
        }
    }

    /** The original bytes and headers, plus the reason, so an operator can fix and replay the record. */
    private void deadLetter(final Record<byte[], byte[]> record, final String reason) {
        final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Topics.DEAD_LETTER_REASON_HEADER);
        headers.add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        LOG.warnf("Command record at %s sent to %s: %s", position(), Topics.CUSTOMER_COMMANDS_DLQ, reason);
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                ProjectorTopology.DEAD_LETTER_SINK);
    }

    private String position() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }
}
