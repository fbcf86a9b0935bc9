package dev.scrapbook.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;

/** {@link ObjectStore} over the MinIO client, so production can point at MinIO or any S3. */
@Component
class MinioObjectStore implements ObjectStore {

    private final MinioClient client;
    /** Signs URLs for the browser-facing endpoint; signing needs no request when the region is given. */
    private final MinioClient publicSigner;
    private final int deleteBatch;

    MinioObjectStore(StorageSettings settings) {
        this.deleteBatch = settings.deleteBatch();
        this.client = client(settings.endpoint().toString(), settings).build();
        // Never connects, so it needs no HTTP client of MinIO's making: that one reads the SSL_CERT_FILE bundle
        // (every CA of a distribution, parsed on the start path of each cold start) a second time.
        this.publicSigner = client(settings.publicEndpoint().toString(), settings).httpClient(new OkHttpClient()).build();
    }

    private static MinioClient.Builder client(String endpoint, StorageSettings settings) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey());
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        run("store " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key).contentType(contentType)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .build()));
    }

    @Override
    public byte[] get(String bucket, String key) {
        return call("read " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public Optional<InputStream> stream(String bucket, String key) {
        return absentAsEmpty(() -> call("read " + key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())));
    }

    @Override
    public Optional<byte[]> find(String bucket, String key) {
        return absentAsEmpty(() -> get(bucket, key));
    }

    private static <T> Optional<T> absentAsEmpty(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (StorageUnavailableException e) {
            if (e.getCause() instanceof ErrorResponseException answer && "NoSuchKey".equals(answer.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void copy(String bucket, String fromKey, String toKey) {
        run("copy " + fromKey, () -> client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket).object(toKey)
                .source(CopySource.builder().bucket(bucket).object(fromKey).build())
                .build()));
    }

    @Override
    public void delete(String bucket, String key) {
        run("delete " + key, () -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        return listAfter(bucket, prefix, null, limit);
    }

    /**
     * Page by page, each listed after the last key of the one before ({@code startAfter}) and deleted before the
     * next is listed: memory stays one page whatever the count, and no continuation token has to outlive the
     * deletes of its own page.
     */
    @Override
    public long deleteAll(String bucket, String prefix) {
        long deleted = 0;
        String last = null;
        for (List<String> page = listAfter(bucket, prefix, last, deleteBatch); !page.isEmpty();
                page = listAfter(bucket, prefix, last, deleteBatch)) {
            removeAll(bucket, page);
            deleted += page.size();
            last = page.getLast();
        }
        return deleted;
    }

    private List<String> listAfter(String bucket, String prefix, String startAfter, int limit) {
        return call("list " + prefix, () -> {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                    .maxKeys(Math.min(limit, 1000));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            List<String> keys = new ArrayList<>();
            Iterator<Result<Item>> items = client.listObjects(args.build()).iterator();
            while (keys.size() < limit && items.hasNext()) {
                keys.add(items.next().get().objectName());
            }
            return keys;
        });
    }

    /** One multi-object delete request. A key that is already gone is not an error; any other refusal is. */
    private void removeAll(String bucket, List<String> keys) {
        run("delete " + keys.size() + " objects from " + keys.getFirst(), () -> {
            List<DeleteObject> objects = keys.stream().map(DeleteObject::new).toList();
            // The client's answer is lazy: the request is made while it is read, one result per key S3 kept.
            for (Result<DeleteError> kept : client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(bucket).objects(objects).build())) {
                DeleteError error = kept.get();
                if (!"NoSuchKey".equals(error.code())) {
                    throw new IllegalStateException("S3 kept " + error.objectName() + ": " + error.code() + " " + error.message());
                }
            }
        });
    }

    @Override
    public String presignedGet(String bucket, String key, Duration validity) {
        return call("sign " + key, () -> publicSigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key).expiry((int) validity.toSeconds())
                .build()));
    }

    @Override
    public void createBucketIfMissing(String bucket) {
        run("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        });
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private interface Run {
        void run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new StorageUnavailableException("S3 could not " + what, e);
        }
    }

    private static void run(String what, Run run) {
        call(what, () -> {
            run.run();
            return null;
        });
    }
}
