package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.spec.DsqlEndpoints;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.api.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * One database endpoint: host, port, and the region its IAM tokens are signed for (null for password auth).
 *
 * <p>The region comes from the endpoint's own name when it has one ({@code <id>.dsql-<suffix>.<region>.on.aws}),
 * since the peers of a multi-region cluster live in different regions; {@code source.region} covers hosts whose
 * name carries none (a private DNS name, a local stand-in).
 */
public record Endpoint(String host, int port, Region region) {

  /** host:port, the way status and logs name the endpoint. */
  public String address() {
    return host + ":" + port;
  }

  /** The spec's endpoints in order (primary first); a config error names the field when a region is missing. */
  public static List<Endpoint> of(SourceSpec source) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < source.endpoints().size(); i++) {
      String written = source.endpoints().get(i);
      String host = DsqlEndpoints.hostOf(written);
      int port = DsqlEndpoints.portOf(written, source.port());
      Region region = null;
      if (source.auth().type() == SourceAuthType.IAM) {
        region = DsqlEndpoints.regionFor(written, source.region()).map(Region::of).orElseThrow(() ->
            new IllegalArgumentException("spec.source.endpoints: '" + written + "' is not a DSQL endpoint "
                + "(<id>.dsql-<suffix>.<region>.on.aws), so IAM auth cannot tell its region: set spec.source.region"));
      }
      endpoints.add(new Endpoint(host, port, region));
    }
    return List.copyOf(endpoints);
  }
}
