package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.api.validation.CrdValidation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * fabric8's CRUD dispatcher made into the API server kubectl expects, storage and websocket watches left to it:
 * discovery, Tables for {@code as=Table}, JSON merge patch (RFC 7386), strategic merge patch for built-in kinds and
 * strict JSON patch, watches over plain HTTP (what kubectl and client-go use), field selectors on any field, the
 * CRD's schema and CEL rules on every write of a custom resource (422 as a real API server words it), mutating
 * admission hooks, and the garbage collector (deleting an owner deletes what its ownerReferences name). Every request
 * is recorded, from any client, so that tests can check them against RBAC.
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {
  private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final int PATCH_ATTEMPTS = 10;
  private static final String SCALE = "scale";

  private final ObjectMapper json = Serialization.jsonMapper();
  private final Discovery discovery = new Discovery(json);
  private final OpenApiDocuments openApi = new OpenApiDocuments(json);
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Set<HttpWatch> httpWatches = ConcurrentHashMap.newKeySet();
  private final Map<String, UnaryOperator<ObjectNode>> admissions;
  private final Map<String, CrdValidation> validations = new ConcurrentHashMap<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  private record Answer(int status, UnaryOperator<String> reply) {
  }

  /** A watch over HTTP: the events for the objects its query selects, each handed to {@code send} as one JSON line. */
  final class HttpWatch {
    private final AttributeSet selects;
    private final RequestQuery query;
    private final ResourceTable table;
    private final Consumer<String> send;

    private HttpWatch(RequestQuery query, ResourceTable table, Consumer<String> send) {
      this.selects = attributeExtractor.fromPath(query.mockPath());
      this.query = query;
      this.table = table;
      this.send = send;
    }

    private boolean selects(AttributeSet attributes, JsonNode object) {
      return attributes != null && attributes.matches(selects) && query.matchesFilters(object);
    }

    private void event(String type, JsonNode object) {
      JsonNode shown = table == null ? object
          : table.render(List.of(object), query.parameter("includeObject"), resourceVersionOf(object), true);
      try {
        send.accept(json.createObjectNode().put("type", type).<ObjectNode>set("object", shown) + "\n");
      } catch (RuntimeException e) {
        // the client went away while the event was written: a watch ends with its connection
        close();
      }
    }

    void close() {
      httpWatches.remove(this);
    }
  }

  ApiServerDispatcher(Map<String, UnaryOperator<ObjectNode>> admissions) {
    this.admissions = Map.copyOf(admissions);
  }

  @Override
  public MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
    requests.add(new RecordedRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
    RequestQuery query = new RequestQuery(request.getPath());
    Answer answer = answers.get(request.getMethod() + " " + query.path());
    if (answer != null) {
      return new MockResponse().setResponseCode(answer.status()).setHeader("Content-Type", "application/json")
          .setBody(answer.reply().apply(request.getUtf8Body()));
    }
    try {
      if (request.method() == HttpMethod.GET && Discovery.isDiscoveryPath(query.path())) {
        return discovery.document(query.path(), Discovery.types(crds())).map(this::ok)
            .orElseThrow(() -> ApiStatus.notFound(""));
      }
      if (request.method() == HttpMethod.GET && query.path().startsWith("/openapi/")) {
        List<JsonNode> crds = crds();
        return openApi.document(query.path(), Discovery.types(crds), crds).map(this::ok)
            .orElseThrow(() -> ApiStatus.notFound(""));
      }
      Optional<ResourcePath> resource = ResourcePath.parse(query.path());
      if (resource.isEmpty() || (request.method() == HttpMethod.GET && query.flag("watch"))) {
        return super.dispatch(request);
      }
      return switch (request.method()) {
        case GET -> read(request, query, resource.get());
        case PATCH -> patch(request, query, resource.get());
        case POST, PUT -> write(request, query, resource.get());
        default -> withStatus(super.dispatch(request), resource.get());
      };
    } catch (ApiStatus refused) {
      return refused.response();
    }
  }

  void answer(String method, String path, int status, UnaryOperator<String> reply) {
    answers.put(method + " " + path, new Answer(status, reply));
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  /** Opens a watch over HTTP for {@code pathAndQuery}; sends the initial events the query asks for first. */
  HttpWatch watch(String pathAndQuery, String userAgent, boolean asTable, Consumer<String> send) {
    requests.add(new RecordedRequest("GET", pathAndQuery, userAgent));
    RequestQuery query = new RequestQuery(pathAndQuery);
    ResourcePath resource = ResourcePath.parse(query.path()).orElseThrow(() -> ApiStatus.notFound(""));
    HttpWatch watch = new HttpWatch(query, asTable ? table(resource) : null, send);
    httpWatches.add(watch);
    String since = query.parameter("resourceVersion");
    boolean everything = since == null || since.isEmpty() || since.equals("0") || query.flag("sendInitialEvents");
    long after = everything || !since.matches("\\d+") ? 0 : Long.parseLong(since);
    for (JsonNode object : list(query)) {
      if (resourceVersion(object) > after) {
        watch.event(everything ? "ADDED" : "MODIFIED", object);
      }
    }
    if (query.flag("sendInitialEvents")) {
      ObjectNode bookmark = json.createObjectNode().put("kind", kindOf(resource)).put("apiVersion",
          resource.group().isEmpty() ? resource.version() : resource.group() + "/" + resource.version());
      bookmark.putObject("metadata").put("resourceVersion", currentResourceVersion())
          .putObject("annotations").put("k8s.io/initial-events-end", "true");
      send.accept(json.createObjectNode().put("type", "BOOKMARK").<ObjectNode>set("object", bookmark) + "\n");
    }
    return watch;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (Objects.equals(existing, newState)) {
      return;
    }
    AttributeSet newAttributes = newState == null ? null : keyOf(newState);
    JsonNode before = existing == null ? null : parse(existing);
    JsonNode after = newState == null ? null : parse(newState);
    for (HttpWatch watch : httpWatches) {
      boolean matchedBefore = before != null && watch.selects(oldAttributes, before);
      boolean matchesNow = after != null && watch.selects(newAttributes, after);
      if (matchedBefore && matchesNow) {
        watch.event("MODIFIED", after);
      } else if (matchedBefore) {
        watch.event("DELETED", before);
      } else if (matchesNow) {
        watch.event("ADDED", after);
      }
    }
    if (after == null && before != null) {
      collectGarbage(before.path("metadata").path("uid").asText());
    } else if (after != null && ownersAllGone(after)) {
      // written after its owner was deleted (e.g. by a controller acting on a stale cache): collected as well
      processEvent("", null, newAttributes, null, null);
    }
  }

  // ---- reads

  private MockResponse read(io.fabric8.mockwebserver.http.RecordedRequest request, RequestQuery query,
      ResourcePath resource) {
    boolean asTable = String.valueOf(request.getHeader("Accept")).contains("as=Table");
    if (resource.name() != null) {
      MockResponse found = withStatus(super.handleGet(query.mockPath()), resource);
      if (found.code() == 200 && SCALE.equals(resource.subresource())) {
        return ok(scaleOf(parse(found.getBody().readUtf8())).toString());
      }
      if (!asTable || found.code() != 200) {
        return found;
      }
      JsonNode object = parse(found.getBody().readUtf8());
      return ok(table(resource).render(List.of(object), query.parameter("includeObject"), resourceVersionOf(object),
          true).toString());
    }
    List<JsonNode> items = list(query);
    if (asTable) {
      return ok(table(resource).render(items, query.parameter("includeObject"), currentResourceVersion(), true)
          .toString());
    }
    ObjectNode list = json.createObjectNode()
        .put("apiVersion", resource.group().isEmpty() ? resource.version() : resource.group() + "/" + resource.version())
        .put("kind", kindOf(resource) + "List");
    list.putObject("metadata").put("resourceVersion", currentResourceVersion());
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return ok(list.toString());
  }

  private List<JsonNode> list(RequestQuery query) {
    MockResponse response = super.handleGet(query.mockPath());
    List<JsonNode> items = new ArrayList<>();
    if (response.code() == 200) {
      for (JsonNode item : parse(response.getBody().readUtf8()).path("items")) {
        if (query.matchesFilters(item)) {
          items.add(item);
        }
      }
    }
    return items;
  }

  // ---- writes

  private MockResponse write(io.fabric8.mockwebserver.http.RecordedRequest request, RequestQuery query,
      ResourcePath resource) {
    String body = request.getBody().readUtf8();
    if (resource.subresource() == null) {
      body = admit(resource, query, parseBody(body)).toString();
    }
    io.fabric8.mockwebserver.http.RecordedRequest admitted = new io.fabric8.mockwebserver.http.RecordedRequest(
        request.getHttpVersion(), request.method(), query.path(), request.getHeaders(), new Buffer().writeUtf8(body));
    return withStatus(request.method() == HttpMethod.POST ? super.handleCreate(admitted) : super.handleUpdate(admitted),
        resource);
  }

  /**
   * A patch as a real API server applies it: computed here on the current object, then written as an update carrying
   * the resourceVersion it was computed on, retried when another write came in between (a patch without its own
   * resourceVersion never conflicts).
   */
  private MockResponse patch(io.fabric8.mockwebserver.http.RecordedRequest request, RequestQuery query,
      ResourcePath resource) {
    String type = String.valueOf(request.getHeader("Content-Type")).split(";")[0].strip();
    JsonNode patch = parse(request.getBody().readUtf8());
    boolean custom = crdOf(resource).isPresent();
    if (type.equals(STRATEGIC_PATCH) && custom) {
      throw ApiStatus.unsupportedMediaType(JSON_PATCH + ", " + MERGE_PATCH + ", application/apply-patch+yaml");
    }
    if (!type.equals(STRATEGIC_PATCH) && !type.equals(MERGE_PATCH) && !type.equals(JSON_PATCH)) {
      throw ApiStatus.unsupportedMediaType(JSON_PATCH + ", " + MERGE_PATCH + ", " + STRATEGIC_PATCH);
    }
    for (int attempt = 1; ; attempt++) {
      MockResponse current = withStatus(super.handleGet(resource.objectPath()), resource);
      if (current.code() != 200) {
        return current;
      }
      JsonNode before = parse(current.getBody().readUtf8());
      boolean scale = SCALE.equals(resource.subresource());
      JsonNode target = scale ? scaleOf(before) : before;
      JsonNode patched = switch (type) {
        case MERGE_PATCH -> MergePatches.jsonMerge(target, patch);
        case STRATEGIC_PATCH -> MergePatches.strategicMerge(target, patch);
        default -> applyJsonPatch(patch, target);
      };
      if (scale) {
        patched = withReplicas(before, patched.path("spec").path("replicas"));
      }
      boolean ownVersion = !patched.path("metadata").path("resourceVersion").asText("").isEmpty()
          && !patched.path("metadata").path("resourceVersion").equals(before.path("metadata").path("resourceVersion"));
      if (!ownVersion) {
        ((ObjectNode) patched.path("metadata")).set("resourceVersion", before.path("metadata").path("resourceVersion"));
      }
      if (resource.subresource() == null || scale) {
        patched = admit(resource, query, (ObjectNode) patched);
      }
      String path = resource.subresource() == null || scale ? resource.objectPath()
          : resource.objectPath() + "/" + resource.subresource();
      MockResponse written = withStatus(super.handleUpdate(new io.fabric8.mockwebserver.http.RecordedRequest(
          request.getHttpVersion(), HttpMethod.PUT, path, Headers.builder().add("Content-Type", "application/json")
          .build(), new Buffer().writeUtf8(patched.toString()))), resource);
      if (written.code() != 409 || ownVersion || attempt == PATCH_ATTEMPTS) {
        return scale && written.code() == 200 ? ok(scaleOf(parse(written.getBody().readUtf8())).toString()) : written;
      }
    }
  }

  /** The {@code scale} subresource's view of an object: its replicas as an autoscaling/v1 Scale. */
  private ObjectNode scaleOf(JsonNode object) {
    ObjectNode scale = json.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      metadata.set(field, object.path("metadata").path(field));
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0));
    List<String> selector = new ArrayList<>();
    object.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    status.put("selector", String.join(",", selector));
    return scale;
  }

  private static JsonNode withReplicas(JsonNode object, JsonNode replicas) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.path("spec")).set("replicas", replicas);
    return copy;
  }

  private JsonNode applyJsonPatch(JsonNode patch, JsonNode target) {
    try {
      return JsonPatch.apply(patch, target);
    } catch (JsonPatchException e) {
      throw ApiStatus.unprocessable("the server rejected our request due to an error in our request: " + e.getMessage());
    }
  }

  /**
   * Mutating admission, then for a custom resource what the API server does with its CRD: unknown fields refused
   * ({@code fieldValidation=Strict}, kubectl's default) or pruned, then the schema and the CEL rules.
   */
  private ObjectNode admit(ResourcePath resource, RequestQuery query, ObjectNode object) {
    ObjectNode admitted = admissions.getOrDefault(resource.plural(), UnaryOperator.identity()).apply(object);
    Optional<JsonNode> crd = crdOf(resource);
    if (crd.isPresent()) {
      CrdValidation validation = validationOf(crd.get());
      List<String> unknown = validation.unknownFields(admitted);
      if (!unknown.isEmpty() && "Strict".equals(query.parameter("fieldValidation"))) {
        String kind = kindOf(resource);
        throw ApiStatus.badRequest(kind + " in version \"" + resource.version() + "\" cannot be handled as a " + kind
            + ": strict decoding error: " + unknown.stream().map(f -> "unknown field \"" + f + "\"")
            .collect(java.util.stream.Collectors.joining(", ")));
      }
      validation.prune(admitted);
      List<CrdValidation.FieldError> errors = validation.validate(admitted);
      if (!errors.isEmpty()) {
        throw ApiStatus.invalid(resource, kindOf(resource), admitted.path("metadata").path("name").asText(
            resource.name() == null ? "" : resource.name()), errors);
      }
    }
    return admitted;
  }

  private CrdValidation validationOf(JsonNode crd) {
    return validations.computeIfAbsent(crd.path("metadata").path("uid").asText() + "@" + resourceVersionOf(crd),
        k -> CrdValidation.of(crd));
  }

  /** Compiles the CEL rules of every stored CRD now, so that the first write of a custom resource is not slow. */
  void compileValidations() {
    crds().forEach(this::validationOf);
  }

  private boolean ownersAllGone(JsonNode object) {
    JsonNode owners = object.path("metadata").path("ownerReferences");
    if (owners.isEmpty()) {
      return false;
    }
    for (JsonNode owner : owners) {
      String uid = owner.path("uid").asText();
      if (stored().stream().anyMatch(e -> parse(e.getValue()).path("metadata").path("uid").asText().equals(uid))) {
        return false;
      }
    }
    return true;
  }

  /** What Kubernetes' garbage collector does: deletes every object an ownerReference ties to the deleted owner. */
  private void collectGarbage(String ownerUid) {
    if (ownerUid.isEmpty()) {
      return;
    }
    for (Map.Entry<AttributeSet, String> entry : stored()) {
      for (JsonNode owner : parse(entry.getValue()).path("metadata").path("ownerReferences")) {
        if (ownerUid.equals(owner.path("uid").asText()) && map.containsKey(entry.getKey())) {
          processEvent("", null, entry.getKey(), null, null);
        }
      }
    }
  }

  // ---- helpers

  private List<JsonNode> crds() {
    List<JsonNode> crds = new ArrayList<>();
    MockResponse response = super.handleGet(CRDS_PATH);
    if (response.code() == 200) {
      parse(response.getBody().readUtf8()).path("items").forEach(crds::add);
    }
    return crds;
  }

  private Optional<JsonNode> crdOf(ResourcePath resource) {
    if (resource.group().isEmpty()) {
      return Optional.empty();
    }
    return crds().stream().filter(c -> c.path("spec").path("group").asText().equals(resource.group())
        && c.path("spec").path("names").path("plural").asText().equals(resource.plural())).findFirst();
  }

  private String kindOf(ResourcePath resource) {
    return Discovery.types(crds()).stream()
        .filter(t -> t.group().equals(resource.group()) && t.plural().equals(resource.plural()))
        .map(Discovery.ResourceType::kind).findFirst().orElse(resource.plural());
  }

  private ResourceTable table(ResourcePath resource) {
    return ResourceTable.of(json, resource.plural(), crdOf(resource).orElse(null), resource.version());
  }

  /** fabric8's mock answers a missing object with an empty 404; a real API server says what was not found. */
  private static MockResponse withStatus(MockResponse response, ResourcePath resource) {
    if (response.code() == 404 && (response.getBody() == null || response.getBody().size() == 0)) {
      return ApiStatus.notFound(resource).response();
    }
    return response;
  }

  /** A copy of the store, safe to iterate while others write. */
  private List<Map.Entry<AttributeSet, String>> stored() {
    synchronized (map) {
      return List.copyOf(map.entrySet());
    }
  }

  private AttributeSet keyOf(String state) {
    for (Map.Entry<AttributeSet, String> entry : stored()) {
      if (entry.getValue() == state) {
        return entry.getKey();
      }
    }
    return ((KubernetesAttributesExtractor) attributeExtractor).fromResource(state);
  }

  private String currentResourceVersion() {
    long newest = 0;
    for (Map.Entry<AttributeSet, String> entry : stored()) {
      newest = Math.max(newest, resourceVersion(parse(entry.getValue())));
    }
    return Long.toString(newest);
  }

  private static long resourceVersion(JsonNode object) {
    String version = resourceVersionOf(object);
    return version.matches("\\d+") ? Long.parseLong(version) : 0;
  }

  private static String resourceVersionOf(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  private MockResponse ok(String body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
  }

  private ObjectNode parseBody(String body) {
    if (parse(body) instanceof ObjectNode object) {
      return object;
    }
    throw ApiStatus.badRequest("the request body is not a JSON object");
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiStatus.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
