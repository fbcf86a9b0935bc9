package dev.scrapbook.thumbnail.engine;

import java.util.function.Supplier;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

/**
 * Makes sure ImageIO knows TwelveMonkeys' JPEG and WebP readers.
 *
 * <p>ImageIO finds plugins once, through the context class loader of whichever thread touches it
 * first; in a repackaged Boot jar or a pooled thread that may not see them, and the JDK's own
 * JPEG reader would then refuse CMYK and ignore ICC profiles. TwelveMonkeys' JPEG provider
 * orders itself before the JDK's when registered.
 */
final class TwelveMonkeysPlugins {

    private TwelveMonkeysPlugins() {
    }

    static void register() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registerIfMissing(registry, JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
        registerIfMissing(registry, WebPImageReaderSpi.class, WebPImageReaderSpi::new);
    }

    private static <T extends ImageReaderSpi> void registerIfMissing(
            IIORegistry registry, Class<T> type, Supplier<T> provider) {
        if (registry.getServiceProviderByClass(type) == null) {
            registry.registerServiceProvider(provider.get(), ImageReaderSpi.class);
        }
    }
}
