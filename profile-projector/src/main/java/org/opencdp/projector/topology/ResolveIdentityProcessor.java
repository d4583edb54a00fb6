package org.opencdp.projector.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.MergeUndone;
import org.opencdp.avro.ProfileIdentity;
import org.opencdp.avro.ProfileRegistered;
import org.opencdp.avro.ProfileReleased;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.customer.CommandValidator;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.projector.identity.IdentityIndex;
import org.opencdp.projector.identity.IdentityResolver;
import org.opencdp.projector.identity.Resolution;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.platform.streams.DeadLetters;

/**
 * The identity resolver (docs/identity.md): reads identity-commands, keyed by workspace, so one task decides every
 * identity question of a workspace, one record at a time, in log order; its stores and the commands it sends
 * commit in one exactly-once transaction. For a request it resolves the profile (merging the profiles the request
 * bridges) and sends to customer-commands, in this order: a {@code MergeInto} to each absorbed profile, then
 * {@code AttachIdentifiers} and the request's own commands to the survivor. Runs inside a
 * {@link ContainedProcessor}: the resolution is computed before the stores are written.
 */
final class ResolveIdentityProcessor implements ContainedProcessor.Application<WorkspaceKey, IdentityCommand> {

    private final IdentityResolver resolver = new IdentityResolver();
    private final CommandValidator validator;
    private final DeletedWorkspaces deleted;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, String> index;
    private KeyValueStore<String, ProfileIdentity> profiles;
    private DeadLetters deadLetters;

    ResolveIdentityProcessor(final CommandValidator validator, final DeletedWorkspaces deleted) {
        this.validator = validator;
        this.deleted = deleted;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        this.index = context.getStateStore(ProjectorTopology.IDENTITY_INDEX_STORE);
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_IDENTITIES_STORE);
        this.deadLetters = deadLetters;
        WorkspaceErasure.schedule(context, deleted,
                List.of(new WorkspaceErasure.Prefixed<>(index), new WorkspaceErasure.Prefixed<>(profiles)), null);
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final WorkspaceKey key, final IdentityCommand command) {
        if (deleted.contains(command.getWorkspaceId())) {
            return;
        }
        final Optional<String> violation = violation(key, command);
        if (violation.isPresent()) {
            deadLetters.send(record, "invalid: " + violation.get(), Optional.of(command.getRequestId()));
        } else {
            resolve(record, command);
        }
    }

    private Optional<String> violation(final WorkspaceKey key, final IdentityCommand command) {
        if (key == null || !key.getWorkspaceId().equals(command.getWorkspaceId())) {
            return Optional.of("the key must name the command's workspace");
        }
        if (command.getCommand() instanceof IdentifyRequest request) {
            if (request.getIdentifiers().isEmpty()) {
                return Optional.of("a request needs at least one identifier");
            }
            if (request.getIdentifiers().stream().anyMatch(i -> i.getValue().isBlank())) {
                return Optional.of("an identifier is blank");
            }
            final List<String> identifiers = validator.identifierViolations(request.getIdentifiers());
            if (!identifiers.isEmpty()) {
                return Optional.of(String.join("; ", identifiers));
            }
        }
        return Optional.empty();
    }

    private void resolve(final Record<byte[], byte[]> record, final IdentityCommand command) {
        final String workspace = command.getWorkspaceId();
        switch (command.getCommand()) {
            case IdentifyRequest request -> {
                final Resolution resolution = resolver.resolve(command.getCommandId(), request.getIdentifiers(),
                        command.getTimestamp(), Optional.empty(), index(workspace));
                store(workspace, resolution);
                sendMerges(record, command, resolution);
                final List<CustomerCommand> commands = new ArrayList<>();
                commands.add(new CustomerCommand(command.getCommandId() + "/identify", workspace,
                        resolution.profileId(), command.getRequestId(), command.getTimestamp(),
                        command.getSourceRoute(), firstFamily(request), new AttachIdentifiers(request.getIdentifiers()),
                        null, resolution.existing(), null));
                for (final CustomerCommand routed : request.getCommands()) {
                    routed.setCustomerId(resolution.profileId());
                    commands.add(routed);
                }
                commands.forEach(routed -> send(record, routed));
            }
            case ProfileRegistered registered -> {
                final List<Identifier> identifiers = registered.getIdentifiers().isEmpty()
                        ? List.of(IdentifierKinds.customerId(registered.getCustomerId())) : registered.getIdentifiers();
                final String key = StoreKeys.profile(workspace, registered.getCustomerId());
                final ProfileIdentity known = profiles.get(key);
                if (known != null && known.getCreatedAt().isAfter(registered.getCreatedAt())) {
                    known.setCreatedAt(registered.getCreatedAt());
                    profiles.put(key, known);
                } else if (known == null) {
                    profiles.put(key, new ProfileIdentity(registered.getCreatedAt(), new ArrayList<>(), null));
                }
                final Resolution resolution = resolver.resolve(command.getCommandId(), identifiers,
                        registered.getCreatedAt(), Optional.of(registered.getCustomerId()), index(workspace));
                store(workspace, resolution);
                sendMerges(record, command, resolution);
            }
            case ProfileReleased released -> {
                final String key = StoreKeys.profile(workspace, released.getCustomerId());
                final ProfileIdentity known = profiles.get(key);
                if (known != null) {
                    for (final Identifier identifier : known.getIdentifiers()) {
                        final String held = StoreKeys.identifier(workspace, identifier);
                        if (released.getCustomerId().equals(index.get(held))) {
                            index.delete(held);
                        }
                    }
                    profiles.delete(key);
                }
            }
            case MergeUndone undone -> {
                final String survivorKey = StoreKeys.profile(workspace, undone.getSurvivorId());
                final ProfileIdentity survivor = profiles.get(survivorKey);
                if (survivor != null) {
                    survivor.setIdentifiers(IdentifierKinds.without(survivor.getIdentifiers(), undone.getIdentifiers()));
                    profiles.put(survivorKey, survivor);
                }
                final String absorbedKey = StoreKeys.profile(workspace, undone.getAbsorbedId());
                final ProfileIdentity absorbed = profiles.get(absorbedKey);
                profiles.put(absorbedKey, new ProfileIdentity(
                        absorbed == null ? command.getTimestamp() : absorbed.getCreatedAt(),
                        new ArrayList<>(undone.getIdentifiers()), null));
                undone.getIdentifiers().forEach(identifier ->
                        index.put(StoreKeys.identifier(workspace, identifier), undone.getAbsorbedId()));
            }
            default -> throw new IllegalStateException("Unknown identity command " + command.getCommand());
        }
    }

    private void store(final String workspace, final Resolution resolution) {
        resolution.profiles().forEach((id, identity) -> profiles.put(StoreKeys.profile(workspace, id), identity));
        resolution.assignments().forEach((identifier, id) -> index.put(StoreKeys.identifier(workspace, identifier), id));
    }

    private void sendMerges(final Record<byte[], byte[]> record, final IdentityCommand command,
                            final Resolution resolution) {
        for (final Resolution.Merge merge : resolution.merges()) {
            send(record, new CustomerCommand(merge.mergeId() + "/merge-into", command.getWorkspaceId(),
                    merge.absorbedId(), command.getRequestId(), command.getTimestamp(), command.getSourceRoute(),
                    ApiFamily.UPSTREAM, new MergeInto(merge.mergeId(), resolution.profileId()),
                    merge.mergeId(), false, null));
        }
    }

    private static ApiFamily firstFamily(final IdentifyRequest request) {
        return request.getCommands().isEmpty() ? ApiFamily.UPSTREAM
                : request.getCommands().getFirst().getFamily();
    }

    private void send(final Record<byte[], byte[]> record, final CustomerCommand command) {
        context.forward(new Record<Object, Object>(new CustomerKey(command.getWorkspaceId(), command.getCustomerId()),
                command, record.timestamp(), record.headers()), ProjectorTopology.IDENTITY_COMMANDS_TO_CUSTOMERS_SINK);
    }

    private IdentityIndex index(final String workspace) {
        return new IdentityIndex() {
            @Override
            public Optional<String> holder(final Identifier identifier) {
                return Optional.ofNullable(index.get(StoreKeys.identifier(workspace, identifier)));
            }

            @Override
            public Optional<ProfileIdentity> profile(final String profileId) {
                return Optional.ofNullable(profiles.get(StoreKeys.profile(workspace, profileId)));
            }
        };
    }
}
