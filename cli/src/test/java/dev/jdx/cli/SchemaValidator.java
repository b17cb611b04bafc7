package dev.jdx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates JSON against the published report schema (the file shipped in the analyzer jar). */
final class SchemaValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    private SchemaValidator() {}

    static synchronized JsonSchema schema() throws IOException {
        if (schema == null) {
            try (InputStream in = SchemaValidator.class.getResourceAsStream("/dev/jdx/report/report.schema.json")) {
                if (in == null) throw new IOException("report.schema.json is not on the classpath");
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
            }
        }
        return schema;
    }

    /** The validation errors, one per line; empty when valid. */
    static String errors(JsonNode doc) throws IOException {
        Set<ValidationMessage> msgs = schema().validate(doc);
        return msgs.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("\n"));
    }
}
