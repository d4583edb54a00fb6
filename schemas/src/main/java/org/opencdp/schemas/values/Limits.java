package org.opencdp.schemas.values;

import org.opencdp.schemas.Topics;

/**
 * The limits a command must respect: ingest-api's write routes enforce them with a 4xx, the projector's fold
 * dead-letters or rejects a command produced straight to its topic that breaks them (contract section 1: direct
 * producers get the same validation as REST callers), and the projector's read routes bound their ids by them.
 * The one definition, one name per limit. The defaults are the seeds' values (contract sections 4 and 5); the
 * contract makes each a per-workspace setting later, hence a value rather than constants.
 *
 * @param maxCustomers       customers per request: Retainly customers to upsert or delete, Retently subscribers
 * @param maxFields          fields of one customer object, {@code id} included (the seed counts {@code id}
 *                           among the "customer fields")
 * @param maxArrayFields     array-valued fields of one customer
 * @param maxStringLength    characters (code points) of any string value
 * @param maxNameLength      characters of an attribute or event-data field name
 * @param maxCustomerIdLength characters of a string customer id, of an identifier value (email, phone, custom
 *                           identifier), of an array item id; the bound on an id a read route is given
 * @param maxEventNameLength characters of an event name
 * @param maxEventFields     fields of an event's {@code data}
 * @param maxEncodedBytes    upper bound on one command's encoded payload: the projector's per-profile bound
 *                           ({@link Topics#DEFAULT_MAX_PROFILE_BYTES}, half a Kafka record), since a write whose
 *                           own content is larger could never be folded into a profile (docs/architecture.md,
 *                           "Bounded records"); refused here with a 4xx naming it instead
 * @param maxRecords         records of a {@code POST /arrays} or {@code DELETE /arrays} request
 * @param maxEmailLength     characters of a Retently subscriber's email
 * @param maxEnumValues      values of an enum property
 */
public record Limits(int maxCustomers, int maxFields, int maxArrayFields, int maxStringLength, int maxNameLength,
                     int maxCustomerIdLength, int maxEventNameLength, int maxEventFields, long maxEncodedBytes,
                     int maxRecords, int maxEmailLength, int maxEnumValues) {

    public static final Limits DEFAULTS =
            new Limits(10_000, 500, 15, 1000, 200, 255, 50, 50, Topics.DEFAULT_MAX_PROFILE_BYTES, 10_000, 255, 1000);
}
