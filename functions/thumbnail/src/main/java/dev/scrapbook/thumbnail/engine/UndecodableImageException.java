package dev.scrapbook.thumbnail.engine;

/**
 * The original cannot be turned into thumbnails and never will be: not an image, an unsupported
 * format, corrupt or truncated data, or more pixels than allowed. The message is a reason a
 * person can read.
 */
public class UndecodableImageException extends Exception {

    public UndecodableImageException(String reason) {
        super(reason);
    }

    public UndecodableImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
