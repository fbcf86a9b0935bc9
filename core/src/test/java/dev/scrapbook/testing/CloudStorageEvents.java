package dev.scrapbook.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Plays Eventarc delivering Cloud Storage's object-finalized event to a function, as it does for a trigger on
 * {@code type=google.cloud.storage.object.v1.finalized} and {@code bucket=B}: an HTTP POST of a CloudEvent in
 * binary content mode (CloudEvents HTTP binding: attributes as {@code ce-*} headers, data as the body).
 *
 * <p>The event's shape is Google's published schema, googleapis/google-cloudevents at v2.1.6:
 * proto/google/events/cloud/storage/v1/events.proto (ObjectFinalizedEvent: that type, with the {@code bucket}
 * extension), examples/structured/storage/StorageObjectDataWorkflows.json (source
 * {@code //storage.googleapis.com/projects/_/buckets/BUCKET}, subject {@code objects/NAME}, datacontenttype
 * application/json) and examples/binary/storage/StorageObjectData-simple.json (the data: the object's metadata,
 * proto3 JSON, so int64 fields such as {@code size} and {@code generation} are strings).
 */
public final class CloudStorageEvents {

    public static final String FINALIZED = "google.cloud.storage.object.v1.finalized";

    private CloudStorageEvents() {
    }

    public static HttpRequest objectFinalized(URI function, String bucket, String name, long size, String contentType,
            Instant updated) {
        long generation = updated.toEpochMilli() * 1000;
        String data = """
                {"bucket":"%1$s","contentType":"%2$s","generation":"%3$d","id":"%1$s/%4$s/%3$d","kind":"storage#object",\
                "metageneration":"1","name":"%4$s","selfLink":"https://www.googleapis.com/storage/v1/b/%1$s/o/%4$s",\
                "size":"%5$d","storageClass":"STANDARD","timeCreated":"%6$s","updated":"%6$s"}"""
                .formatted(bucket, contentType, generation, name, size, updated);
        return HttpRequest.newBuilder(function)
                .header("ce-specversion", "1.0")
                .header("ce-id", String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits())))
                .header("ce-source", "//storage.googleapis.com/projects/_/buckets/" + bucket)
                .header("ce-type", FINALIZED)
                .header("ce-subject", "objects/" + name)
                .header("ce-time", updated.toString())
                .header("ce-bucket", bucket)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data))
                .build();
    }
}
