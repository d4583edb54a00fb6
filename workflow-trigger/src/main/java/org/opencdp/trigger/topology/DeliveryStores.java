package org.opencdp.trigger.topology;

import org.opencdp.platform.streams.StoreKey;

/** The delivery stores of each enriched-events partition, declared once; both are changelogged. */
public final class DeliveryStores {

    /** Each run's delivery (the Avro bytes of its latest state), keyed {@code workspace/run_id}. */
    public static final String DELIVERIES = "webhook-deliveries-by-run";

    /**
     * When each delivery is next due: its next attempt while PENDING, its tombstone once finished. Keyed
     * {@code <19-digit epoch ms>/<delivery key>}, so a range read from the start yields what is due, earliest first.
     */
    public static final String SCHEDULE = "webhook-delivery-schedule";

    private static final int TIME_DIGITS = 19;

    private DeliveryStores() {
    }

    public static String deliveryKey(final String workspaceId, final String runId) {
        return StoreKey.of(workspaceId, runId);
    }

    public static String scheduleKey(final long at, final String deliveryKey) {
        return String.format("%0" + TIME_DIGITS + "d/%s", Math.max(0, at), deliveryKey);
    }

    /** The upper bound of every schedule entry due at or before {@code at}. */
    public static String dueBy(final long at) {
        return String.format("%0" + TIME_DIGITS + "d0", Math.max(0, at));
    }

    public static long scheduledAt(final String scheduleKey) {
        return Long.parseLong(scheduleKey.substring(0, TIME_DIGITS));
    }

    public static String deliveryKeyOf(final String scheduleKey) {
        return scheduleKey.substring(TIME_DIGITS + 1);
    }
}
