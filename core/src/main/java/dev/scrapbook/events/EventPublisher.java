package dev.scrapbook.events;

import io.cloudevents.CloudEvent;

/** Sends events to the broker. */
public interface EventPublisher {

    /** True once the broker confirmed it holds the event; false when it is down, refused it, or did not answer. */
    boolean publish(CloudEvent event, String routingKey);
}
