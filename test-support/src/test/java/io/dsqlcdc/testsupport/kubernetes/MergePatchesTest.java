package io.dsqlcdc.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  /** The examples of RFC 7386, appendix A. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'a':'b'}|{'a':'c'}|{'a':'c'}",
      "{'a':'b'}|{'b':'c'}|{'a':'b','b':'c'}",
      "{'a':'b'}|{'a':null}|{}",
      "{'a':'b','b':'c'}|{'a':null}|{'b':'c'}",
      "{'a':['b']}|{'a':'c'}|{'a':'c'}",
      "{'a':'c'}|{'a':['b']}|{'a':['b']}",
      "{'a':{'b':'c'}}|{'a':{'b':'d','c':null}}|{'a':{'b':'d'}}",
      "{'a':[{'b':'c'}]}|{'a':[1]}|{'a':[1]}",
      "['a','b']|['c','d']|['c','d']",
      "{'a':'b'}|['c']|['c']",
      "{'a':'foo'}|null|null",
      "{'a':'foo'}|\"bar\"|\"bar\"",
      "{'e':null}|{'a':1}|{'e':null,'a':1}",
      "[1,2]|{'a':'b','c':null}|{'a':'b'}",
      "{}|{'a':{'bb':{'ccc':null}}}|{'a':{'bb':{}}}"})
  void jsonMergePatchFollowsRfc7386(String target, String patch, String result) throws Exception {
    assertThat(MergePatches.jsonMerge(json(target), json(patch))).isEqualTo(json(result));
  }

  @Test
  void strategicMergeMergesListsWithAMergeKeyItemByItem() throws Exception {
    JsonNode target = json("{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}],"
        + "'args':['x','y']}}");
    JsonNode patch = json("{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}],"
        + "'args':['z']}}");
    assertThat(MergePatches.strategicMerge(target, patch)).isEqualTo(json("{'spec':{'containers':"
        + "[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}],'args':['z']}}"));
  }

  @Test
  void strategicMergeHonoursTheDeleteAndReplaceDirectives() throws Exception {
    JsonNode target = json("{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'labels':{'x':'1','y':'2'}}");
    JsonNode patch = json("{'env':[{'name':'A','$patch':'delete'}],'labels':{'$patch':'replace','z':'3'},"
        + "'$setElementOrder/env':[{'name':'B'}]}");
    assertThat(MergePatches.strategicMerge(target, patch))
        .isEqualTo(json("{'env':[{'name':'B','value':'2'}],'labels':{'z':'3'}}"));
  }

  @Test
  void strategicMergeUnitesFinalizersAndDeletesFromPrimitiveLists() throws Exception {
    JsonNode target = json("{'metadata':{'finalizers':['a','b']}}");
    assertThat(MergePatches.strategicMerge(target, json("{'metadata':{'finalizers':['c']}}")))
        .isEqualTo(json("{'metadata':{'finalizers':['a','b','c']}}"));
    assertThat(MergePatches.strategicMerge(target, json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}")))
        .isEqualTo(json("{'metadata':{'finalizers':['b']}}"));
  }
}
