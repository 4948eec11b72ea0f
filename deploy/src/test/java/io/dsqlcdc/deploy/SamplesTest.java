package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.validation.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pipeline a user may start from parses into the model, strictly, and passes every check. */
class SamplesTest {
  static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleIsAValidPipeline(Path sample) throws IOException {
    DsqlCdcPipeline pipeline = STRICT_YAML.readValue(sample.toFile(), DsqlCdcPipeline.class);
    assertThat(pipeline.getApiVersion()).isEqualTo(DsqlCdcPipeline.API_VERSION);
    assertThat(pipeline.getKind()).isEqualTo("DsqlCdcPipeline");
    assertThat(SpecValidator.validate(pipeline.getSpec())).isEmpty();
  }
}
