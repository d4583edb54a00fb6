package org.opencdp.bench.kafka;

/**
 * A consumer group's committed position sampled over time, towards a target. The rate counts from the first
 * sample whose position moved (start-up and the first rebalance excluded) to the latest sample, or to the
 * first at the target: records folded in that span, divided by its length.
 */
public final class FoldProgress {

    private final long target;
    private long initialPosition = -1;
    private long firstMovedNanos = -1;
    private long firstMovedPosition;
    private long lastNanos;
    private long lastCommitted;
    private boolean reached;

    public FoldProgress(final long target) {
        this.target = target;
    }

    /** Records a sample; samples after the target was reached are ignored. */
    public void sample(final long nanos, final long committed) {
        if (reached) {
            return;
        }
        if (initialPosition < 0) {
            initialPosition = committed;
        }
        if (firstMovedNanos < 0 && committed > initialPosition) {
            firstMovedNanos = nanos;
            firstMovedPosition = committed;
        }
        lastNanos = nanos;
        lastCommitted = committed;
        reached = committed >= target;
    }

    public long target() {
        return target;
    }

    /** Whether the group has committed the target. */
    public boolean done() {
        return reached;
    }

    public long lastCommitted() {
        return lastCommitted;
    }

    /** How long the group has been moving, in nanoseconds (0 before it moved). */
    public long movingNanos() {
        return firstMovedNanos < 0 ? 0 : lastNanos - firstMovedNanos;
    }

    /** Records folded since the first movement. */
    public long records() {
        return firstMovedNanos < 0 ? 0 : lastCommitted - firstMovedPosition;
    }

    public double seconds() {
        return movingNanos() / 1e9;
    }

    /** Records per second; NaN until two samples apart have seen the group move. */
    public double perSecond() {
        return movingNanos() > 0 ? records() / seconds() : Double.NaN;
    }
}
