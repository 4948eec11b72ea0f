package io.dsqlcdc.operator.reconciler;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

class DesiredServiceTest {

  @Test
  void exposesTheRuntimesHttpPortToItsPods() {
    Service s = DesiredService.of(pipeline("orders"));
    assertThat(s.getMetadata().getName()).isEqualTo("orders");
    assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(s.getSpec().getSelector()).isEqualTo(Dependents.selectorLabels(pipeline("orders")));
  }

  @Test
  void keepsAnUnreadyPodReachableSoTheOperatorCanAskWhyItIsUnready() {
    assertThat(DesiredService.of(pipeline("orders")).getSpec().getPublishNotReadyAddresses()).isTrue();
  }
}
