package org.opencdp.trigger.run;

/**
 * How much one rendering of a message template may produce (docs/workflows.md, "Message templates"): past
 * {@code maxOutputBytes} (UTF-8) of text the rendering stops and the run is recorded failed.
 *
 * @param maxOutputBytes the largest rendered message, in UTF-8 bytes
 */
public record TemplateLimits(int maxOutputBytes) {

    /** The default of {@code cdp.trigger.templates.max-output}: 64 KiB, far more than any notification needs. */
    public static final TemplateLimits DEFAULT = new TemplateLimits(64 * 1024);

    public TemplateLimits {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, not " + maxOutputBytes);
        }
    }
}
