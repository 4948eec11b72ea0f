package io.dsqlcdc.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DsqlEndpointsTest {

  @Test
  void readsTheRegionFromADsqlEndpoint() {
    assertThat(DsqlEndpoints.regionOf("vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws")).contains("us-east-1");
    assertThat(DsqlEndpoints.regionOf("abc123.dsql.eu-west-2.on.aws")).contains("eu-west-2");
  }

  @Test
  void findsNoRegionInOtherHosts() {
    assertThat(DsqlEndpoints.regionOf("localhost")).isEmpty();
    assertThat(DsqlEndpoints.regionOf("db.example.com")).isEmpty();
  }

  @Test
  void fallsBackToTheConfiguredRegionForOtherHosts() {
    assertThat(DsqlEndpoints.regionFor("localhost", "us-west-2")).contains("us-west-2");
    assertThat(DsqlEndpoints.regionFor("abc.dsql-x1.us-east-2.on.aws", "us-west-2")).contains("us-east-2");
  }

  @Test
  void readsTheRegionFromADsqlEndpointWithAPort() {
    assertThat(DsqlEndpoints.regionOf("abc123.dsql-fnh4.us-east-1.on.aws:6543")).contains("us-east-1");
  }

  @Test
  void splitsAnEndpointIntoHostAndPort() {
    assertThat(DsqlEndpoints.hostOf("localhost:6543")).isEqualTo("localhost");
    assertThat(DsqlEndpoints.portOf("localhost:6543", 5432)).isEqualTo(6543);
  }

  @Test
  void anEndpointWithoutAPortTakesTheDefault() {
    assertThat(DsqlEndpoints.hostOf("abc.dsql.us-east-1.on.aws")).isEqualTo("abc.dsql.us-east-1.on.aws");
    assertThat(DsqlEndpoints.portOf("abc.dsql.us-east-1.on.aws", 5432)).isEqualTo(5432);
  }
}
