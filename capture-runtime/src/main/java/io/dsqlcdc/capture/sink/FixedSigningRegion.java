package io.dsqlcdc.capture.sink;

import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.msk.auth.iam.internals.region.ConfigurableRegionProvider;

/**
 * The region the MSK IAM library signs with, as its {@code awsMskRegionProvider} option names it:
 * {@code io.dsqlcdc.capture.sink.FixedSigningRegion?region=<region>}. The library instantiates it by reflection.
 */
public final class FixedSigningRegion implements ConfigurableRegionProvider {
  static final String PARAMETER = "region";

  private final Region region;

  public FixedSigningRegion(Map<String, String> parameters) {
    String name = parameters.get(PARAMETER);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(FixedSigningRegion.class.getName() + " needs the parameter " + PARAMETER);
    }
    this.region = Region.of(name);
  }

  static String descriptor(String region) {
    return FixedSigningRegion.class.getName() + "?" + PARAMETER + "=" + region;
  }

  @Override
  public Region getRegion(String host) {
    return region;
  }

  @Override
  public Region getRegion() {
    return region;
  }
}
