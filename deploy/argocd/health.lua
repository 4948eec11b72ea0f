-- Argo CD health check for dsqlcdc.io/DsqlCdcPipeline.
-- Healthy: Ready=True for the current generation. Degraded: Ready=False for a failure reason.
-- Suspended: spec.state stopped. Progressing: everything else (not yet observed, starting, snapshotting).
local hs = {}

-- Ready=False reasons that mean "on its way"; every other False reason needs a user's action.
local progressingReasons = {
  Starting = true,
  DeploymentUnavailable = true,
}

if obj.spec ~= nil and obj.spec.state == "stopped" then
  hs.status = "Suspended"
  hs.message = "Pipeline is stopped (0 replicas, offsets kept)"
  return hs
end

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the pipeline"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    local detail = condition.message or condition.reason or ""
    if condition.status == "True" then
      hs.status = "Healthy"
      hs.message = (obj.status.phase or "Ready") .. ": " .. (obj.status.tablesReady or "") .. " tables ready"
      return hs
    end
    if condition.status == "False" and not progressingReasons[condition.reason or ""] then
      hs.status = "Degraded"
      hs.message = (condition.reason or "NotReady") .. ": " .. detail
      return hs
    end
    hs.status = "Progressing"
    hs.message = detail
    return hs
  end
end

hs.status = "Progressing"
hs.message = "Waiting for the Ready condition"
return hs
