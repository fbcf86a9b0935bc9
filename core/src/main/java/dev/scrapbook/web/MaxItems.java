package dev.scrapbook.web;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;

/**
 * A JSON array in a request body that may hold at most {@link #value()} items. The limit is checked while the
 * array is read: the first item past it stops reading with a 400 ({@link ApiProblem}), so a body of five million
 * strings never becomes a list of them. Put it on a {@code List} component of a request record.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonDeserialize(using = MaxItems.Reader.class)
public @interface MaxItems {

    int value();

    /** Reads the array item by item with the element type's own deserializer, and stops at the limit. */
    final class Reader extends JsonDeserializer<List<Object>> implements ContextualDeserializer {

        private final String name;
        private final int max;
        private final JsonDeserializer<Object> items;

        Reader() {
            this(null, 0, null);
        }

        private Reader(String name, int max, JsonDeserializer<Object> items) {
            this.name = name;
            this.max = max;
            this.items = items;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            MaxItems limit = property == null ? null : property.getAnnotation(MaxItems.class);
            if (limit == null || !property.getType().isCollectionLikeType()) {
                return context.reportBadDefinition(property == null ? null : property.getType(),
                        "@MaxItems belongs on a List property of a request record");
            }
            return new Reader(property.getName(), limit.value(),
                    context.findContextualValueDeserializer(property.getType().getContentType(), property));
        }

        @Override
        public List<Object> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return castToList(context.handleUnexpectedToken(List.class, parser));
            }
            List<Object> read = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return castToList(context.reportInputMismatch(this, "the array %s is not closed", name));
                }
                if (read.size() == max) {
                    throw ApiProblem.badRequest("at most " + max + " " + name + " per request");
                }
                read.add(token == JsonToken.VALUE_NULL ? null : items.deserialize(parser, context));
            }
            return read;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> castToList(Object value) {
            return (List<Object>) value;
        }
    }
}
