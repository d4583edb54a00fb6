package org.opencdp.trigger.run;

/** A message template that cannot be rendered for a run; the message says why, and is the run's failure reason. */
public class UnrenderableTemplate extends RuntimeException {

    public UnrenderableTemplate(final String reason) {
        super(reason);
    }
}
