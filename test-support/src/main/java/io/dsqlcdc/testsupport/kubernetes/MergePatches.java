package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The two merge patches an API server applies: JSON merge patch as RFC 7386 defines it (objects merge, anything else
 * replaces, {@code null} removes) and strategic merge patch for built-in kinds, where the lists Kubernetes marks with
 * a patch merge key (containers by name, env by name, ports by port...) merge item by item and the directives
 * kubectl sends ({@code $patch}, {@code $retainKeys}, {@code $setElementOrder}, {@code $deleteFromPrimitiveList})
 * are honoured.
 */
final class MergePatches {
  /** The built-in list fields with a patch merge key, by field name. */
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
      Map.entry("env", "name"), Map.entry("volumes", "name"), Map.entry("volumeMounts", "mountPath"),
      Map.entry("volumeDevices", "devicePath"), Map.entry("imagePullSecrets", "name"), Map.entry("conditions", "type"),
      Map.entry("ownerReferences", "uid"), Map.entry("hostAliases", "ip"),
      Map.entry("topologySpreadConstraints", "topologyKey"));
  /** Lists of scalars that merge as sets. */
  private static final Set<String> MERGED_SCALAR_LISTS = Set.of("finalizers");
  private static final String DIRECTIVE = "$patch";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";
  private static final String RETAIN_KEYS = "$retainKeys";

  private MergePatches() {
  }

  /** RFC 7386: the target with {@code patch} merged in; the target is not changed. */
  static JsonNode jsonMerge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : ((ObjectNode) patch).objectNode();
    patch.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), jsonMerge(result.get(e.getKey()), e.getValue()));
      }
    });
    return result;
  }

  /** A strategic merge patch of a built-in kind's object; the target is not changed. */
  static JsonNode strategicMerge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || target == null || !target.isObject()) {
      return withoutDirectives(patch);
    }
    String directive = patch.path(DIRECTIVE).asText("");
    if (directive.equals("replace")) {
      return withoutDirectives(patch);
    }
    ObjectNode result = ((ObjectNode) target).deepCopy();
    if (patch.has(RETAIN_KEYS)) {
      Set<String> retained = new HashSet<>();
      patch.get(RETAIN_KEYS).forEach(k -> retained.add(k.asText()));
      result.retain(retained);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith(DELETE_FROM)) {
        String field = key.substring(DELETE_FROM.length());
        if (result.get(field) instanceof ArrayNode list) {
          Set<JsonNode> removed = new HashSet<>();
          value.forEach(removed::add);
          for (int i = list.size() - 1; i >= 0; i--) {
            if (removed.contains(list.get(i))) {
              list.remove(i);
            }
          }
        }
      } else if (key.startsWith("$")) {
        continue;
      } else if (value.isNull() || value.path(DIRECTIVE).asText("").equals("delete")) {
        result.remove(key);
      } else if (value.isObject()) {
        result.set(key, strategicMerge(result.get(key), value));
      } else if (value.isArray()) {
        result.set(key, mergeList(key, result.get(key), (ArrayNode) value));
      } else {
        result.set(key, value.deepCopy());
      }
    }
    return result;
  }

  private static JsonNode mergeList(String field, JsonNode current, ArrayNode patch) {
    boolean replaceAll = false;
    for (JsonNode item : patch) {
      replaceAll |= item.path(DIRECTIVE).asText("").equals("replace");
    }
    if (!(current instanceof ArrayNode list) || replaceAll) {
      ArrayNode replaced = patch.arrayNode();
      patch.forEach(item -> {
        if (!item.has(DIRECTIVE)) {
          replaced.add(withoutDirectives(item));
        }
      });
      return replaced;
    }
    ArrayNode result = list.deepCopy();
    if (MERGED_SCALAR_LISTS.contains(field)) {
      patch.forEach(item -> {
        if (!contains(result, item)) {
          result.add(item.deepCopy());
        }
      });
      return result;
    }
    String mergeKey = mergeKey(field, patch);
    if (mergeKey == null) {
      return withoutDirectives(patch);
    }
    for (JsonNode item : patch) {
      JsonNode key = item.get(mergeKey);
      int at = indexOf(result, mergeKey, key);
      if (item.path(DIRECTIVE).asText("").equals("delete")) {
        if (at >= 0) {
          result.remove(at);
        }
      } else if (at >= 0) {
        result.set(at, strategicMerge(result.get(at), item));
      } else {
        result.add(withoutDirectives(item));
      }
    }
    return result;
  }

  private static String mergeKey(String field, ArrayNode patch) {
    if (field.equals("ports")) {
      return patch.size() > 0 && patch.get(0).has("containerPort") ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }

  private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
    for (int i = 0; i < list.size(); i++) {
      if (key != null && key.equals(list.get(i).get(mergeKey))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(ArrayNode list, JsonNode value) {
    for (JsonNode item : list) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("$") && !e.getValue().isNull()) {
          copy.set(e.getKey(), withoutDirectives(e.getValue()));
        }
      });
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = node.deepCopy();
      for (int i = 0; i < copy.size(); i++) {
        copy.set(i, withoutDirectives(copy.get(i)));
      }
      return copy;
    }
    return node.deepCopy();
  }
}
