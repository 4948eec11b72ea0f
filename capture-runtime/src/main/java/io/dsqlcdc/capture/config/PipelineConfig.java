package io.dsqlcdc.capture.config;

import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;

/** A validated pipeline spec with its identity and the secret values it references. */
public record PipelineConfig(PipelineIdentity identity, DsqlCdcPipelineSpec spec, Secrets secrets) {
}
