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

    /**
     * Every key of an owner's objects, in both buckets, begins with this: deleting an account lists and removes
     * what is under it. The slash keeps one owner's prefix from being the beginning of another's.
     */
    public static String owner(UUID ownerId) {
        return ownerId + "/";
    }

    public static String original(UUID ownerId, UUID imageId) {
        return owner(ownerId) + imageId;
    }

    public static String grid(UUID ownerId, UUID imageId, String format) {
        return owner(ownerId) + imageId + "/grid." + extension(format);
    }

    public static String preview(UUID ownerId, UUID imageId, String format) {
        return owner(ownerId) + imageId + "/preview." + extension(format);
    }

    private static String extension(String format) {
        return "jpeg".equals(format) ? "jpg" : format;
    }
}
