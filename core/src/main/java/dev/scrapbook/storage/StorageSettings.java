package dev.scrapbook.storage;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the S3 store is. {@code publicEndpoint} is the address browsers reach for presigned URLs
 * (inside a cluster it differs from {@code endpoint}); it defaults to {@code endpoint}.
 */
@ConfigurationProperties("scrapbook.s3")
public record StorageSettings(
        URI endpoint,
        URI publicEndpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("scrapbook-originals") String originalsBucket,
        @DefaultValue("scrapbook-thumbnails") String thumbnailsBucket) {

    public StorageSettings {
        if (endpoint == null || accessKey == null || secretKey == null) {
            throw new IllegalStateException(
                    "the S3 store is not configured: set SCRAPBOOK_S3_ENDPOINT, SCRAPBOOK_S3_ACCESS_KEY and SCRAPBOOK_S3_SECRET_KEY");
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
