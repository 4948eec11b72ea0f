package io.dsqlcdc.operator.install;

import io.dsqlcdc.testsupport.kubernetes.Manifests;
import java.nio.file.Path;

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
  };

  /** The namespace the single-namespace installs watch; the all-namespaces installs watch it too. */
  public static final String WATCHED_NAMESPACE = "cdc";
  private static final Path DEPLOY = Path.of("..", "deploy");

  public abstract Manifests render();
}
