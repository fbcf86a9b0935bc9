import java.util.List;

import dev.scrapbook.storage.EmbeddedS3Server;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/**
 * An in-memory S3 server on loopback with the given buckets, for scripts that run a function outside the
 * local runtime (image training, the cold-start benchmark). Functions never start S3Proxy themselves.
 * Run with core and its dependencies on the class path: java -cp CP scripts/S3Server.java PORT KEY SECRET BUCKET...
 */
class S3Server {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        String secret = args[2];
        EmbeddedS3Server server = EmbeddedS3Server.inMemory("127.0.0.1", port, key, secret);
        MinioClient client = MinioClient.builder().endpoint(server.endpoint().toString()).credentials(key, secret).build();
        for (String bucket : List.of(args).subList(3, args.length)) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        }
        System.out.println("S3 ready on " + server.endpoint());
        Thread.currentThread().join();
    }
}
