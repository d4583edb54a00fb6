package org.opencdp.bench.load;

/**
 * Request bodies for {@code POST /customers}: customers with ten attributes of the usual kinds (strings, a
 * number, a date, a boolean, a list), derived from the id so that every run sends the same data.
 */
public final class CustomerBodies {

    /** The attributes each customer carries. */
    public static final int ATTRIBUTES = 10;

    private static final String[] PLANS = {"free", "pro", "team", "enterprise"};
    private static final String[] CITIES = {"Lisbon", "Berlin", "Austin", "Osaka", "Lagos", "Lima"};

    /** {@code {"customers":[…]}} with {@code count} customers, ids {@code firstId} to {@code firstId + count - 1}. */
    public static String batch(final long firstId, final int count) {
        return batch(firstId, count, 0);
    }

    /**
     * As {@link #batch(long, int)}, every value shifted by {@code variant}: a batch of variant 1 changes every
     * attribute a batch of variant 0 wrote (plan, city, age, score, dates, flags and tags), so its fold changes each
     * profile, and the memberships of segments over those attributes with it.
     */
    public static String batch(final long firstId, final int count, final int variant) {
        final StringBuilder out = new StringBuilder(count * 260 + 16).append("{\"customers\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            customer(out, firstId + i, variant);
        }
        return out.append("]}").toString();
    }

    /** A body with the one customer {@code id}. */
    public static String single(final long id) {
        return batch(id, 1);
    }

    /** A body with the one customer {@code id}, its values of {@code variant}. */
    public static String single(final long id, final int variant) {
        return batch(id, 1, variant);
    }

    private static void customer(final StringBuilder out, final long customer, final int variant) {
        final long id = customer + variant;
        final int n = (int) (id % 997);
        out.append("{\"id\":").append(customer)
                .append(",\"first_name\":\"Name").append(n).append('"')
                .append(",\"last_name\":\"Surname").append(id % 1009).append('"')
                .append(",\"email\":\"customer").append(customer).append("@example.com\"")
                .append(",\"plan\":\"").append(PLANS[(int) (id % PLANS.length)]).append('"')
                .append(",\"city\":\"").append(CITIES[(int) (id % CITIES.length)]).append('"')
                .append(",\"age\":").append(18 + id % 60)
                .append(",\"score\":").append(n / 10.0)
                .append(",\"signed_up\":\"20").append(10 + id % 15).append("-0").append(1 + id % 9).append("-1")
                .append(id % 9).append('"')
                .append(",\"vip\":").append(id % 7 == 0)
                .append(",\"tags\":[\"t").append(id % 5).append("\",\"bench\"]")
                .append('}');
    }

    private CustomerBodies() {
    }
}
