package dev.entratool.cli;

import dev.entratool.auth.TokenQuery;
import picocli.CommandLine.Option;

/** {@code get-token}'s options that change what is asked of the authority for this call only. */
final class RequestOptions {
  @Option(names = "--tenant", paramLabel = "TENANT", description = "The profile's app in this tenant (ID or domain), "
      + "for this call only: a multi-tenant app consented there; tokens are cached per tenant")
  String tenant;

  /** The query of a get-token call with these options. */
  TokenQuery query(String profile, String flow, String scope, int minValidity, boolean force) {
    return new TokenQuery(profile, flow, scope, minValidity, force, tenant);
  }
}
