package dev.scrapbook.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy in this JVM: the S3 server for one machine (files under a folder) and for tests (in memory).
 * Only used where no S3 endpoint is configured; the code still speaks S3 to it through the MinIO client.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private EmbeddedS3Server(BlobStoreContext context, String host, int port, String accessKey, String secretKey)
            throws Exception {
        this.context = context;
        this.endpoint = URI.create("http://" + host + ":" + port);
        this.proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(org.gaul.s3proxy.AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    /** Objects kept as files under {@code dataDir}; filesystem-nio2 lists objects, not the folders between them. */
    public static EmbeddedS3Server onDisk(Path dataDir, String host, int port, String accessKey, String secretKey)
            throws Exception {
        Files.createDirectories(dataDir);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        return new EmbeddedS3Server(context("filesystem-nio2", properties, accessKey, secretKey),
                host, port, accessKey, secretKey);
    }

    /** Objects kept in memory and gone with the JVM: for tests. */
    public static EmbeddedS3Server inMemory(String host, int port, String accessKey, String secretKey) throws Exception {
        return new EmbeddedS3Server(context("transient-nio2", new Properties(), accessKey, secretKey),
                host, port, accessKey, secretKey);
    }

    private static BlobStoreContext context(String provider, Properties properties, String identity, String credential) {
        // jclouds insists on credentials even for backends that never use them.
        return ContextBuilder.newBuilder(provider)
                .credentials(identity, credential)
                .overrides(properties)
                .buildView(BlobStoreContext.class);
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
