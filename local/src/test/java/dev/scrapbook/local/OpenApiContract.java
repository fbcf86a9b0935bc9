package dev.scrapbook.local;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Checks real responses against docs/openapi.yaml, so the document cannot drift from the running app. */
final class OpenApiContract {

    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml").toAbsolutePath().normalize();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private OpenApiContract() {
    }

    /** Throws with every violation when {@code body} does not match {@code components.schemas.<schema>}. */
    static void assertMatches(String schema, JsonNode body) {
        JsonSchema jsonSchema = FACTORY.getSchema(SchemaLocation.of(DOCUMENT.toUri() + "#/components/schemas/" + schema));
        Set<ValidationMessage> errors = jsonSchema.validate(body);
        if (!errors.isEmpty()) {
            throw new AssertionError("response does not match schema " + schema + ": "
                    + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")) + "\n" + body);
        }
    }
}
