package org.opencdp.platform.streams;

/**
 * How the topologies name the nodes that read or write a topic: after the topic ("customer-commands-source",
 * "profiles-sink"), so a drawn topology reads as its topics. A second sink to the same topic needs a name of its own.
 */
public final class NodeNames {

    private NodeNames() {
    }

    /** The source node that reads {@code topic}. */
    public static String source(final String topic) {
        return topic + "-source";
    }

    /** The sink node that writes {@code topic}. */
    public static String sink(final String topic) {
        return topic + "-sink";
    }
}
