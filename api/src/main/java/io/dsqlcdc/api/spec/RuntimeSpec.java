package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** How the capture runtime's pod runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeSpec(
    @JsonPropertyDescription("Container image; default: the operator's configured runtime image.")
    String image,
    @JsonPropertyDescription("CPU and memory requests and limits of the runtime container.")
    ResourceRequirements resources,
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Run as this existing ServiceAccount instead of one the operator creates.")
    String serviceAccountName,
    @Min(1024) @Max(65535) @JsonPropertyDescription("Port of /healthz, /readyz, /status, /metrics. Default 8080.")
    Integer httpPort,
    @JsonPropertyDescription("Extra JVM options, e.g. -XX:MaxRAMPercentage=75.")
    String jvmOptions,
    @JsonPropertyDescription("Extra pod annotations.")
    Map<String, String> podAnnotations,
    @JsonPropertyDescription("A PersistentVolumeClaim for the capture state stores; default: an emptyDir.")
    StateVolumeSpec stateVolume) {

  public static final int DEFAULT_HTTP_PORT = 8080;

  public RuntimeSpec {
    httpPort = httpPort == null ? DEFAULT_HTTP_PORT : httpPort;
    podAnnotations = podAnnotations == null ? Map.of() : Map.copyOf(podAnnotations);
  }

  public RuntimeSpec(String image, ResourceRequirements resources, String serviceAccountName, Integer httpPort,
                     String jvmOptions, Map<String, String> podAnnotations) {
    this(image, resources, serviceAccountName, httpPort, jvmOptions, podAnnotations, null);
  }

  public static RuntimeSpec defaults() {
    return new RuntimeSpec(null, null, null, null, null, null);
  }
}
