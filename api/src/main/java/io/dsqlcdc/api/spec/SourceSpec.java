package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The database captured from: a DSQL cluster (one endpoint per peer region) or a plain PostgreSQL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.endpoints.all(e, self.endpoints.exists_one(f, f == e))",
    message = "endpoints must not repeat")
@ValidationRule(value = "!has(self.tls) || !has(self.tls.mode) || self.tls.mode != 'disable' "
    + "|| (has(self.auth) && has(self.auth.type) && self.auth.type == 'password')",
    message = "tls.mode disable is for local databases with auth.type password; DSQL requires TLS")
public record SourceSpec(
    @Required @Size(min = 1, max = 5)
    @JsonPropertyDescription("Host names, each optionally host:port (default: port); the first is the primary, the rest are peer-region endpoints used on failover.")
    List<@Pattern(HOST_PATTERN) String> endpoints,
    @Pattern(REGION_PATTERN)
    @JsonPropertyDescription("AWS region; parsed from the endpoint (<id>.dsql-<suffix>.<region>.on.aws) when omitted.")
    String region,
    @Min(1) @Max(65535) @JsonPropertyDescription("Default 5432.")
    Integer port,
    @JsonPropertyDescription("Default postgres (the only database DSQL has).")
    String database,
    @Required @Pattern(IDENTIFIER_PATTERN) @JsonPropertyDescription("Database role to log in as, e.g. dsql_iam_user.")
    String user,
    @JsonPropertyDescription("IAM auth tokens (default) or a password from a Secret.")
    SourceAuth auth,
    @JsonPropertyDescription("TLS to the database; verify-full by default.")
    SourceTls tls,
    @JsonPropertyDescription("Connection pool sizes and timeouts.")
    PoolSpec pool,
    @JsonPropertyDescription("Stream mode: relay the cluster's CDC stream from this Kinesis data stream instead of "
        + "polling the tables (tables[].cursor, softDelete and hardDeletes are then poll-mode only). Default: poll mode.")
    ChangeStreamSpec changeStream) {

  /** A host name with an optional {@code :port}. */
  public static final String HOST_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?$";
  public static final String REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";
  public static final String IDENTIFIER_PATTERN = "^[A-Za-z_][A-Za-z0-9_$]{0,62}$";

  public SourceSpec {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    port = port == null ? 5432 : port;
    database = database == null ? "postgres" : database;
    auth = auth == null ? SourceAuth.iam(null) : auth;
    tls = tls == null ? SourceTls.defaults() : tls;
    pool = pool == null ? PoolSpec.defaults() : pool;
  }

  /** A source in poll mode. */
  public SourceSpec(List<String> endpoints, String region, Integer port, String database, String user,
      SourceAuth auth, SourceTls tls, PoolSpec pool) {
    this(endpoints, region, port, database, user, auth, tls, pool, null);
  }

  /** Changes come from the cluster's CDC stream (Kinesis) rather than from polling the tables. */
  @JsonIgnore
  public boolean streamMode() {
    return changeStream != null;
  }

  public String primaryEndpoint() {
    return endpoints.isEmpty() ? null : endpoints.get(0);
  }
}
