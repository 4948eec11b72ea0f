package io.dsqlcdc.sandbox.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Deployment's pod template into a local process the way a kubelet would start its first container,
 * image aside: env values resolved from Secrets and ConfigMaps in the API, ConfigMap, Secret and emptyDir volumes
 * written under a work dir and their mount paths rewritten in the args, and the {@code --http-port} argument moved
 * to a free local port (pods have a network namespace each; local processes share one). A pod identity (AWS
 * credentials, as IRSA or EKS Pod Identity inject them) can be added to every pod's environment.
 */
public final class PodLaunchResolver {
  static final String HTTP_PORT_ARG = "--http-port";

  private final KubernetesClient client;
  private final ImageCommands images;
  private final Map<String, String> podIdentity;

  /** {@code podIdentity}: env vars every pod gets before its container's own (which win on a clash). */
  public PodLaunchResolver(KubernetesClient client, ImageCommands images, Map<String, String> podIdentity) {
    this.client = client;
    this.images = images;
    this.podIdentity = Map.copyOf(podIdentity);
  }

  public PodLaunch resolve(String namespace, String podName, PodTemplateSpec template, Path workDir)
      throws PodLaunchException {
    Container container = template.getSpec().getContainers().get(0);
    List<String> entrypoint = container.getCommand() != null && !container.getCommand().isEmpty()
        ? container.getCommand()
        : images.entrypointFor(container.getImage()).orElseThrow(() -> new PodLaunchException("ErrImagePull",
            "no local command for image " + container.getImage()));
    Map<String, Path> mounts = writeVolumes(namespace, template, container, workDir);
    int port = freePort();
    List<String> command = new ArrayList<>(entrypoint);
    command.addAll(withLocalPaths(withHttpPort(container.getArgs(), port), mounts));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", podName);
    env.putAll(podIdentity);
    for (EnvFromSource source : nullSafe(container.getEnvFrom())) {
      env.putAll(envFrom(namespace, source));
    }
    for (EnvVar var : nullSafe(container.getEnv())) {
      String value = envValue(namespace, podName, var);
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return new PodLaunch(command, env, workDir, port, hash(template));
  }

  /** The identity of a pod template: a change of it means a new pod (Recreate). */
  public String hash(PodTemplateSpec template) {
    try {
      byte[] json = client.getKubernetesSerialization().asJson(template).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String envValue(String namespace, String podName, EnvVar var) throws PodLaunchException {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    var from = var.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      return secretValue(namespace, ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      return configMapValue(namespace, ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()));
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.namespace" -> namespace;
        case "metadata.name" -> podName;
        default -> null;
      };
    }
    return null;
  }

  private Map<String, String> envFrom(String namespace, EnvFromSource source) throws PodLaunchException {
    String prefix = source.getPrefix() == null ? "" : source.getPrefix();
    Map<String, String> values = new LinkedHashMap<>();
    if (source.getSecretRef() != null) {
      Map<String, String> data = secretData(namespace, source.getSecretRef().getName(),
          Boolean.TRUE.equals(source.getSecretRef().getOptional()));
      data.forEach((k, v) -> values.put(prefix + k, v));
    }
    if (source.getConfigMapRef() != null) {
      Map<String, String> data = configMapData(namespace, source.getConfigMapRef().getName(),
          Boolean.TRUE.equals(source.getConfigMapRef().getOptional()));
      data.forEach((k, v) -> values.put(prefix + k, v));
    }
    return values;
  }

  private String secretValue(String namespace, String name, String key, boolean optional) throws PodLaunchException {
    return keyOf("Secret", namespace, name, key, optional, secretData(namespace, name, optional));
  }

  private String configMapValue(String namespace, String name, String key, boolean optional) throws PodLaunchException {
    return keyOf("ConfigMap", namespace, name, key, optional, configMapData(namespace, name, optional));
  }

  private static String keyOf(String kind, String namespace, String name, String key, boolean optional,
      Map<String, String> data) throws PodLaunchException {
    String value = data.get(key);
    if (value == null && !optional) {
      throw new PodLaunchException("CreateContainerConfigError",
          "couldn't find key " + key + " in " + kind + " " + namespace + "/" + name);
    }
    return value;
  }

  private Map<String, String> secretData(String namespace, String name, boolean optional) throws PodLaunchException {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      if (optional) {
        return Map.of();
      }
      throw new PodLaunchException("CreateContainerConfigError", "secret \"" + name + "\" not found");
    }
    Map<String, String> values = new LinkedHashMap<>();
    // The mock API stores what it is given: stringData stays as written, where a real API server folds it into data.
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private Map<String, String> configMapData(String namespace, String name, boolean optional) throws PodLaunchException {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null) {
      if (optional) {
        return Map.of();
      }
      throw new PodLaunchException("CreateContainerConfigError", "configmap \"" + name + "\" not found");
    }
    return configMap.getData() == null ? Map.of() : configMap.getData();
  }

  /** Writes each mounted volume under the work dir; returns mount path to local directory. */
  private Map<String, Path> writeVolumes(String namespace, PodTemplateSpec template, Container container, Path workDir)
      throws PodLaunchException {
    Map<String, Volume> volumes = new LinkedHashMap<>();
    nullSafe(template.getSpec().getVolumes()).forEach(v -> volumes.put(v.getName(), v));
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : nullSafe(container.getVolumeMounts())) {
      Volume volume = volumes.get(mount.getName());
      if (volume == null) {
        throw new PodLaunchException("CreateContainerConfigError", "volume " + mount.getName() + " is not defined");
      }
      Path dir = workDir.resolve("volumes").resolve(mount.getName());
      Map<String, String> files = new LinkedHashMap<>();
      if (volume.getConfigMap() != null) {
        var source = volume.getConfigMap();
        files = selectItems(configMapData(namespace, source.getName(), Boolean.TRUE.equals(source.getOptional())),
            source.getItems());
      } else if (volume.getSecret() != null) {
        var source = volume.getSecret();
        files = selectItems(secretData(namespace, source.getSecretName(), Boolean.TRUE.equals(source.getOptional())),
            source.getItems());
      }
      write(dir, files);
      mounts.put(mount.getMountPath(), mount.getSubPath() == null ? dir : dir.resolve(mount.getSubPath()));
    }
    return mounts;
  }

  private static Map<String, String> selectItems(Map<String, String> data, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      return data;
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      if (data.containsKey(item.getKey())) {
        files.put(item.getPath(), data.get(item.getKey()));
      }
    }
    return files;
  }

  private static void write(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> withHttpPort(List<String> args, int port) {
    List<String> result = new ArrayList<>(nullSafe(args));
    int at = result.indexOf(HTTP_PORT_ARG);
    if (at >= 0 && at + 1 < result.size()) {
      result.set(at + 1, Integer.toString(port));
    } else {
      result.removeIf(a -> a.startsWith(HTTP_PORT_ARG + "="));
      result.add(HTTP_PORT_ARG);
      result.add(Integer.toString(port));
    }
    return result;
  }

  static List<String> withLocalPaths(List<String> args, Map<String, Path> mounts) {
    List<String> result = new ArrayList<>();
    for (String arg : args) {
      String mapped = arg;
      for (Map.Entry<String, Path> mount : mounts.entrySet()) {
        String mountPath = mount.getKey().endsWith("/") ? mount.getKey() : mount.getKey() + "/";
        if (arg.startsWith(mountPath)) {
          mapped = mount.getValue().resolve(arg.substring(mountPath.length())).toString();
        } else if (arg.equals(mount.getKey())) {
          mapped = mount.getValue().toString();
        }
      }
      result.add(mapped);
    }
    return result;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
