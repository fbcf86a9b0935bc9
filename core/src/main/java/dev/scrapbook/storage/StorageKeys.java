package dev.scrapbook.storage;

import java.util.UUID;

/**
 * Where each object of an image lives; producer (save-image), consumer (thumbnail) and gallery use these alone.
 * Originals and renditions sit in separate buckets so that renditions, which can be made again, may get
 * cheaper storage or a lifecycle rule.
 */
public final class StorageKeys {

    private StorageKeys() {
    }

    public static String original(UUID ownerId, UUID imageId) {
        return ownerId + "/" + imageId;
    }

    public static String grid(UUID ownerId, UUID imageId, String format) {
        return ownerId + "/" + imageId + "/grid." + extension(format);
    }

    public static String preview(UUID ownerId, UUID imageId, String format) {
        return ownerId + "/" + imageId + "/preview." + extension(format);
    }

    private static String extension(String format) {
        return "jpeg".equals(format) ? "jpg" : format;
    }
}
