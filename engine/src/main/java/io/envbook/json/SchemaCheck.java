package io.envbook.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Schema compiled once and checked against values (networknt's validator, draft 2020-12):
 * tool arguments before a call, a judge's answer before it counts.
 *
 * <pre>{@code
 * SchemaCheck check = SchemaCheck.of(toolSchema.parameters());
 * List<String> problems = check.problems(arguments);   // empty when the arguments fit
 * }</pre>
 */
public final class SchemaCheck {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());

  private final Schema schema;

  private SchemaCheck(Schema schema) {
    this.schema = schema;
  }

  /**
   * Compiles a schema. Its {@code $schema} is dropped: servers name older drafts whose meta-schemas
   * would be fetched from the network, and the keywords tool schemas use mean the same in 2020-12.
   */
  public static SchemaCheck of(JsonNode schema) {
    JsonNode s = schema;
    if (schema instanceof ObjectNode o && o.has("$schema")) {
      ObjectNode copy = o.deepCopy();
      copy.remove("$schema");
      s = copy;
    }
    return new SchemaCheck(REGISTRY.getSchema(s));
  }

  /** What is wrong with {@code value}, one sentence each naming where (e.g. {@code /a: string found, number expected}); empty when it fits. */
  public List<String> problems(JsonNode value) {
    List<Error> errors = schema.validate(value);
    return errors.stream().map(SchemaCheck::describe).toList();
  }

  private static String describe(Error e) {
    String where = String.valueOf(e.getInstanceLocation());
    String message = e.getMessage();
    return message.startsWith(where) ? message : where + ": " + message;
  }
}
