package org.opencdp.projector.identity;

import java.util.Optional;

import org.opencdp.avro.Identifier;
import org.opencdp.avro.ProfileIdentity;

/** What the resolver knows, for one workspace: which profile holds an identifier, and each profile's identity. */
public interface IdentityIndex {

    /** The profile an identifier was assigned to, if it was assigned explicitly. */
    Optional<String> holder(Identifier identifier);

    Optional<ProfileIdentity> profile(String profileId);
}
