package org.opencdp.projector.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.WorkspaceKey;

/**
 * What the fold tells the identity resolver (on identity-commands, keyed by workspace): a profile it created by
 * customer id, deleted, or gave back its identifiers by undoing a merge. Sent in the fold's transaction.
 */
final class IdentityNotes {

    private final ProcessorContext<Object, Object> context;

    IdentityNotes(final ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    /** {@code note} is a ProfileRegistered, ProfileReleased or MergeUndone caused by {@code cause}. */
    void send(final Record<byte[], byte[]> record, final CustomerCommand cause, final Object note) {
        final IdentityCommand command = new IdentityCommand(cause.getCommandId() + "/" + note.getClass().getSimpleName(),
                cause.getWorkspaceId(), cause.getRequestId(), cause.getTimestamp(), cause.getSourceRoute(), note);
        context.forward(new Record<Object, Object>(new WorkspaceKey(cause.getWorkspaceId()), command, record.timestamp(),
                record.headers()), ProjectorTopology.FOLD_IDENTITY_SINK);
    }
}
