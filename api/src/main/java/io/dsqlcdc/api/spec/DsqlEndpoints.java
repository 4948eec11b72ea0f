package io.dsqlcdc.api.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts read off a DSQL endpoint name: {@code <cluster-id>.dsql-<suffix>.<region>.on.aws}. */
public final class DsqlEndpoints {
  private static final Pattern DSQL_HOST =
      Pattern.compile("^[a-z0-9]+\\.dsql(-[a-z0-9]+)?\\.([a-z]{2}(-[a-z]+)+-[0-9]+)\\.on\\.aws$");

  private DsqlEndpoints() {
  }

  /** The host of an endpoint written {@code host} or {@code host:port}. */
  public static String hostOf(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.substring(0, colon);
  }

  /** The port of an endpoint written {@code host:port}, else the given default. */
  public static int portOf(String endpoint, int defaultPort) {
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? defaultPort : Integer.parseInt(endpoint.substring(colon + 1));
  }

  /** The region in a DSQL endpoint's name ({@code :port} allowed), or empty for any other host. */
  public static Optional<String> regionOf(String endpoint) {
    if (endpoint == null) {
      return Optional.empty();
    }
    Matcher m = DSQL_HOST.matcher(hostOf(endpoint));
    return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
  }

  /** The region to sign tokens for: the one in the endpoint's name, else the spec's region. */
  public static Optional<String> regionFor(String host, String configuredRegion) {
    return regionOf(host).or(() -> Optional.ofNullable(configuredRegion));
  }
}
