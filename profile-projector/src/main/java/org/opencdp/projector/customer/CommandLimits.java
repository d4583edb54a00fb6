package org.opencdp.projector.customer;

/**
 * The limits a command must respect, the same the REST API enforces (the Retainly seed's values).
 * Direct producers get the same validation as REST callers (contract section 1).
 */
public record CommandLimits(int maxIdLength, int maxNameLength, int maxTextLength, int maxAttributes,
                            int maxArrayAttributes, int maxEventNameLength, int maxEventFields) {

    public static final CommandLimits DEFAULTS = new CommandLimits(255, 200, 1000, 500, 15, 50, 50);
}
