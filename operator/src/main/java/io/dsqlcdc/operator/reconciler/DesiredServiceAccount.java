package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import java.util.Optional;

/** The runtime's own ServiceAccount, unless the spec names an existing one. */
public final class DesiredServiceAccount {
  /** IRSA: EKS injects credentials for this role into pods running as the account. */
  public static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

  private DesiredServiceAccount() {
  }

  public static Optional<ServiceAccount> of(DsqlCdcPipeline p) {
    if (namesOwnAccount(p)) {
      return Optional.empty();
    }
    String roleArn = p.getSpec().source().auth().roleArn();
    Map<String, String> annotations = roleArn == null ? Map.of() : Map.of(ROLE_ARN_ANNOTATION, roleArn);
    return Optional.of(new ServiceAccountBuilder()
        .withMetadata(Dependents.metadata(p, Dependents.ownServiceAccountName(p), annotations))
        // the runtime talks to DSQL and Kafka only; it needs no Kubernetes API token
        .withAutomountServiceAccountToken(false)
        .build());
  }

  /** The account the runtime pod runs as. */
  public static String accountName(DsqlCdcPipeline p) {
    return namesOwnAccount(p) ? p.getSpec().runtime().serviceAccountName() : Dependents.ownServiceAccountName(p);
  }

  private static boolean namesOwnAccount(DsqlCdcPipeline p) {
    RuntimeSpec runtime = p.getSpec().runtime();
    return runtime != null && runtime.serviceAccountName() != null;
  }
}
