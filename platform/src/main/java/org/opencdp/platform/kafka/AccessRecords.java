package org.opencdp.platform.kafka;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.opencdp.avro.CredentialKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.RateLimit;
import org.opencdp.platform.access.SaltedHash;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.HistoryLimits;
import org.opencdp.platform.access.Workspace;

/**
 * Workspaces and credentials between their domain form ({@link Workspace}, {@link Credential}) and the records of
 * the workspaces and credentials topics: the one translation, for the followers and for ingest-api's writes. A
 * record that names an unknown kind or scope does not translate (its follower skips it, logged and counted).
 */
public final class AccessRecords {

    private AccessRecords() {
    }

    public static WorkspaceKey workspaceKey(final String id) {
        return new WorkspaceKey(id);
    }

    public static CredentialKey credentialKey(final String id) {
        return new CredentialKey(id);
    }

    public static org.opencdp.avro.Workspace toRecord(final Workspace workspace) {
        return new org.opencdp.avro.Workspace(workspace.id(), workspace.timeZone().orElse(null),
                workspace.rateLimit().map(l -> new org.opencdp.avro.RateLimit(l.perSecond(), l.burst())).orElse(null),
                workspace.createdAt(), workspace.deleted(), workspace.creationId().orElse(null),
                workspace.history().map(h -> new org.opencdp.avro.HistoryLimits(h.retentionDays().orElse(null),
                        h.maxEntries().orElse(null))).orElse(null));
    }

    public static Workspace fromRecord(final org.opencdp.avro.Workspace record) {
        final org.opencdp.avro.RateLimit limit = record.getRateLimit();
        return new Workspace(record.getWorkspaceId(), Optional.ofNullable(record.getTimeZone()),
                Optional.ofNullable(limit).map(l -> new RateLimit(l.getPerSecond(), l.getBurst())),
                record.getCreatedAt(), record.getDeleted(), Optional.ofNullable(record.getCreationId()),
                Optional.ofNullable(record.getHistory()).map(h -> new HistoryLimits(
                        Optional.ofNullable(h.getRetentionDays()), Optional.ofNullable(h.getMaxEntries()))));
    }

    public static org.opencdp.avro.Credential toRecord(final Credential credential) {
        return new org.opencdp.avro.Credential(credential.id(), credential.workspaceId(), credential.name(),
                credential.kind().label(), credential.scopes().stream().map(Scope::label).sorted().toList(),
                ByteBuffer.wrap(credential.hash().salt()), ByteBuffer.wrap(credential.hash().hash()),
                credential.createdAt(), credential.revoked());
    }

    public static Credential fromRecord(final org.opencdp.avro.Credential record) {
        final Credential.Kind kind = Credential.Kind.ofLabel(record.getKind())
                .orElseThrow(() -> new IllegalArgumentException("Unknown credential kind " + record.getKind()));
        final Set<Scope> scopes = record.getScopes().stream()
                .map(label -> Scope.ofLabel(label).orElseThrow(() -> new IllegalArgumentException("Unknown scope " + label)))
                .collect(Collectors.toSet());
        return new Credential(record.getCredentialId(), record.getWorkspaceId(), record.getName(), kind, scopes,
                SaltedHash.of(bytes(record.getSalt()), bytes(record.getHash())), record.getCreatedAt(), record.getRevoked());
    }

    /** {@code decoder}'s records, translated as they are read (a follower then holds the domain form). */
    static <A, D> Deserializer<D> translated(final Deserializer<A> decoder, final Function<A, D> translate) {
        return new Deserializer<>() {
            @Override
            public D deserialize(final String topic, final byte[] data) {
                return translate.apply(decoder.deserialize(topic, data));
            }

            @Override
            public D deserialize(final String topic, final Headers headers, final byte[] data) {
                return translate.apply(decoder.deserialize(topic, headers, data));
            }

            @Override
            public void configure(final Map<String, ?> configs, final boolean isKey) {
                decoder.configure(configs, isKey);
            }

            @Override
            public void close() {
                decoder.close();
            }
        };
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
