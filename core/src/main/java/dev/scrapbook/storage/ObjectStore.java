package dev.scrapbook.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The S3 store, in the few words the functions need. Failures surface as {@link StorageUnavailableException}. */
public interface ObjectStore {

    void put(String bucket, String key, byte[] bytes, String contentType);

    byte[] get(String bucket, String key);

    /**
     * The object's bytes as they arrive from S3, for copying through a small buffer (the export streams originals
     * this way, never holding one whole); empty when there is no such object. The caller closes it; a read that
     * fails midway throws IOException.
     */
    Optional<InputStream> stream(String bucket, String key);

    /** Like {@link #get}, but empty when the store answers that there is no such object (S3's NoSuchKey). */
    Optional<byte[]> find(String bucket, String key);

    /** A server-side copy within a bucket: the bytes never pass through this process. */
    void copy(String bucket, String fromKey, String toKey);

    /** Deleting what is not there is not an error. */
    void delete(String bucket, String key);

    /** The first keys (at most {@code limit}, in key order) that begin with {@code prefix}. */
    List<String> list(String bucket, String prefix, int limit);

    /**
     * Deletes every object whose key begins with {@code prefix}, in batches of one multi-object delete request
     * each (at most 1,000 keys, S3's limit), and returns how many there were. Safe to repeat or to run twice at once:
     * what is already gone is not an error.
     */
    long deleteAll(String bucket, String prefix);

    /** A URL a browser can GET without credentials until it expires. Computed locally, no request is made. */
    String presignedGet(String bucket, String key, Duration validity);

    void createBucketIfMissing(String bucket);
}
