package dev.scrapbook.save.importing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of one {@code POST /api/account/import} ({@code SCRAPBOOK_IMPORT_*}). {@code maxBytes} caps the request body:
 * 1 GB reads in well under Knative's longest request (600 s) on a link of a few MB/s; a larger export is imported in
 * parts (any zip of some of its images with its scrapbook.json), which is safe since an import can be repeated.
 * Each entry is inflated at most to the save limit (25 MB, {@code scrapbook.fetch.max-bytes}); all entries together
 * at most {@code maxInflatedBytes}; and no entry may inflate more than {@code maxRatio} times its compressed size
 * (photos barely compress, so a high ratio is a zip bomb).
 */
@ConfigurationProperties("scrapbook.import")
public record ImportSettings(
        @DefaultValue("1GB") DataSize maxBytes,
        @DefaultValue("2GB") DataSize maxInflatedBytes,
        @DefaultValue("100") int maxRatio,
        @DefaultValue("20000") int maxEntries,
        @DefaultValue("32MB") DataSize maxManifestBytes) {
}
