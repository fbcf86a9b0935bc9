package dev.scrapbook.storage;

/** The S3 store could not do what was asked; the caller answers 503 or lets the event be retried. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
