package dev.scrapbook.storage;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the S3 store is. {@code publicEndpoint} is the address browsers reach for presigned URLs
 * (inside a cluster it differs from {@code endpoint}); it defaults to {@code endpoint}. {@code deleteBatch} is how
 * many keys one multi-object delete request names (1,000 is S3's maximum; a store with a lower limit sets less).
 */
@ConfigurationProperties("scrapbook.s3")
public record StorageSettings(
        URI endpoint,
        URI publicEndpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("scrapbook-originals") String originalsBucket,
        @DefaultValue("scrapbook-thumbnails") String thumbnailsBucket,
        @DefaultValue("1000") int deleteBatch) {

    public StorageSettings {
        if (endpoint == null || accessKey == null || secretKey == null) {
            throw new IllegalStateException(
                    "the S3 store is not configured: set SCRAPBOOK_S3_ENDPOINT, SCRAPBOOK_S3_ACCESS_KEY and SCRAPBOOK_S3_SECRET_KEY");
        }
        if (deleteBatch < 1 || deleteBatch > 1000) {
            throw new IllegalStateException("SCRAPBOOK_S3_DELETE_BATCH must be 1 to 1000 (S3's limit), not " + deleteBatch);
        }
        if (publicEndpoint == null) {
            publicEndpoint = endpoint;
        }
    }

    /** The origin browsers load images from, for the Content-Security-Policy. */
    public String publicOrigin() {
        return publicEndpoint.getScheme() + "://" + publicEndpoint.getAuthority();
    }
}
