package org.opencdp.trigger.workflow;

/** A workflow definition request that breaks a rule; the message says which, for the caller. */
public class InvalidWorkflow extends RuntimeException {

    public InvalidWorkflow(final String message) {
        super(message);
    }
}
