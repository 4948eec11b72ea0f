package io.dsqlcdc.operator.install;

import io.dsqlcdc.testsupport.kubernetes.Manifests;
import java.nio.file.Path;
import java.util.Map;

/** The shipped ways to install the operator, each rendered with the real tool, as a user would apply it. */
public enum Install {
  /** {@code kubectl apply -k deploy/base}: watches every namespace. */
  KUSTOMIZE_BASE {
    @Override
    public Manifests render() {
      return Manifests.kustomize(DEPLOY.resolve("base"));
    }
  },
  /** {@code kubectl apply -k deploy/overlays/single-namespace}: watches {@value #WATCHED_NAMESPACE} only. */
  KUSTOMIZE_SINGLE_NAMESPACE {
    @Override
    public Manifests render() {
      return Manifests.kustomize(DEPLOY.resolve("overlays").resolve("single-namespace"));
    }
  },
  /** {@code helm install dsqlcdc-operator charts/dsqlcdc-operator -n dsqlcdc-system}: watches every namespace. */
  HELM_DEFAULT {
    @Override
    public Manifests render() {
      return Manifests.helmTemplate(CHART, RELEASE, RELEASE_NAMESPACE, Map.of());
    }
  },
  /** The chart with {@code --set watchNamespaces={cdc}}: watches {@value #WATCHED_NAMESPACE} only. */
  HELM_WATCHED_NAMESPACES {
    @Override
    public Manifests render() {
      return Manifests.helmTemplate(CHART, RELEASE, RELEASE_NAMESPACE,
          Map.of("watchNamespaces", "{" + WATCHED_NAMESPACE + "}"));
    }
  };

  /** The namespace the single-namespace installs watch; the all-namespaces installs watch it too. */
  public static final String WATCHED_NAMESPACE = "cdc";
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path CHART = Path.of("..", "charts", "dsqlcdc-operator");
  private static final String RELEASE = "dsqlcdc-operator";
  private static final String RELEASE_NAMESPACE = "dsqlcdc-system";

  public abstract Manifests render();
}
