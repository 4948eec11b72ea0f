package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.capture.cli.ExitCodes;
import io.dsqlcdc.capture.config.ConfigException;
import io.dsqlcdc.capture.config.ConfigLoader;
import io.dsqlcdc.capture.config.PipelineConfig;
import io.dsqlcdc.capture.dsqlstream.GetStreamClient;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.kinesis.KinesisClients;
import io.dsqlcdc.capture.sink.KafkaClientProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code diagnose --config FILE}: every check the seed's diagnostic scripts did by hand, in order, one PASS / FAIL /
 * SKIP line each, with the fix under each failure. Exit 0 only when all pass (2 for an invalid config).
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    description = "Check the config, AWS credentials, DSQL endpoints (token, TCP, TLS, login), table access, the "
        + "Kinesis stream in stream mode, and Kafka; print PASS/FAIL with the fix for each failure.")
public final class DiagnoseCommand implements Callable<Integer> {
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "YAML: a DsqlCdcPipeline resource or its spec; values may use $${env:NAME}.")
  Path config;

  private final Function<String, String> env;
  private final Supplier<AwsCredentialsProvider> credentials;
  private final SourceChecks.CallerIdentity sts;
  private final Clock clock;
  private final PrintStream out;

  public DiagnoseCommand() {
    this(System::getenv, () -> DefaultCredentialsProvider.builder().build(), new StsCallerIdentity(null),
        Clock.systemUTC(), System.out);
  }

  DiagnoseCommand(Function<String, String> env, Supplier<AwsCredentialsProvider> credentials,
      SourceChecks.CallerIdentity sts, Clock clock, PrintStream out) {
    this.env = env;
    this.credentials = credentials;
    this.sts = sts;
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() {
    PipelineConfig pipeline;
    try {
      pipeline = new ConfigLoader(env).load(config);
    } catch (ConfigException e) {
      new Diagnosis(List.of(CheckResult.fail("config valid", CheckReasons.INVALID_SPEC, config + ": " + e.getMessage(),
          "correct " + e.field() + " in " + config + "."))).print(out);
      return ExitCodes.INVALID_CONFIG;
    }
    DsqlCdcPipelineSpec spec = pipeline.spec();
    List<CheckResult> results = new ArrayList<>();
    results.add(CheckResult.pass("config valid", config + ": pipeline " + pipeline.identity().display() + ", "
        + spec.source().endpoints().size() + " endpoint(s), " + spec.tables().size() + " table(s), auth "
        + spec.source().auth().type().name().toLowerCase()));
    String password = spec.source().auth().type() == SourceAuthType.PASSWORD
        ? pipeline.secrets().value(spec.source().auth().passwordSecret()) : null;
    AwsCredentialsProvider aws = credentials.get();
    results.addAll(new SourceChecks(spec.source(), spec.tables(), password, aws, sts, clock, env).run());
    if (spec.source().streamMode()) {
      try (KinesisClient kinesis = KinesisClients.create(spec.source().changeStream(), aws)) {
        results.addAll(new StreamChecks(spec.source().changeStream(), kinesis, aws, env).run());
      }
      ChangeStreamSpec stream = spec.source().changeStream();
      if (stream.dsqlStreamArn() != null) {
        results.add(DsqlStreamCheck.run(new GetStreamClient(stream.dsqlStreamArn(), stream.dsqlEndpoint(), aws),
            stream.kinesisStreamArn()));
      }
    }
    List<String> topics = new ArrayList<>(spec.tables().stream()
        .map(t -> EventFactory.topicFor(spec.sink().topicPrefix(), t.schema(), t.table())).toList());
    topics.add(pipeline.identity().offsetsTopic());
    results.addAll(new SinkChecks(spec.sink(), new KafkaClientProperties(spec.sink(), pipeline.secrets()), aws, env,
        topics, KAFKA_TIMEOUT).run());
    Diagnosis diagnosis = new Diagnosis(results);
    diagnosis.print(out);
    return diagnosis.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
