package dev.scrapbook.thumbnail;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.storage.StorageKeys;
import io.cloudevents.CloudEvent;

/**
 * Cloud Storage's object-finalized CloudEvent for an original, the event Eventarc delivers to thumbnail on
 * Cloud Functions. Its shape is Google's published schema (googleapis/google-cloudevents v2.1.6:
 * proto/google/events/cloud/storage/v1/events.proto, ObjectFinalizedEvent, and data.proto, StorageObjectData):
 * type {@value #TYPE}, source {@code //storage.googleapis.com/projects/_/buckets/BUCKET}, subject
 * {@code objects/NAME}, a {@code bucket} extension, and the object's metadata as JSON data whose {@code bucket}
 * and {@code name} say which object it is. An original lives at {@code {owner}/{image}} in the originals
 * bucket ({@link StorageKeys#original}); anything else is not ours to thumbnail.
 */
record OriginalFinalized(UUID ownerId, UUID imageId, OffsetDateTime finalizedAt) {

    static final String TYPE = "google.cloud.storage.object.v1.finalized";

    /** The original this event announces, or empty for any other object, bucket or an event with no readable data. */
    static Optional<OriginalFinalized> of(CloudEvent event, String originalsBucket, ObjectMapper json) {
        if (!TYPE.equals(event.getType()) || event.getData() == null) {
            return Optional.empty();
        }
        try {
            JsonNode object = json.readTree(event.getData().toBytes());
            if (!originalsBucket.equals(object.path("bucket").asText())) {
                return Optional.empty();
            }
            String[] key = object.path("name").asText().split("/", -1);
            if (key.length != 2) {
                return Optional.empty();
            }
            UUID owner = UUID.fromString(key[0]);
            UUID image = UUID.fromString(key[1]);
            if (!StorageKeys.original(owner, image).equals(object.path("name").asText())) {
                return Optional.empty();
            }
            return Optional.of(new OriginalFinalized(owner, image, event.getTime()));
        } catch (IOException | IllegalArgumentException notAnOriginal) {
            return Optional.empty();
        }
    }
}
