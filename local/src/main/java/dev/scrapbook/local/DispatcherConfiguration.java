package dev.scrapbook.local;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.local.RabbitmqSourceRules.Source;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The local dispatcher's RabbitMQ side, as knative/ sets it up for the RabbitmqSource: a durable queue bound to the
 * image-saved routing key whose dead-letter exchange routes to {@code <queue>.dead}, consumed with manual acks.
 */
@Configuration(proxyBeanMethods = false)
class DispatcherConfiguration {

    /** Named like knative/base/app/thumbnail-source.yaml's source; "local" stands for its namespace. */
    static final String SOURCE_NAME = "thumbnail-source";
    static final String NAMESPACE = "local";

    private final DispatcherSettings settings;

    DispatcherConfiguration(DispatcherSettings settings) {
        this.settings = settings;
    }

    @Bean
    Declarables thumbnailQueue(TopicExchange imagesExchange) {
        Queue deadLetters = QueueBuilder.durable(settings.deadLetterQueue()).build();
        Queue queue = QueueBuilder.durable(settings.queue())
                .deadLetterExchange("")
                .deadLetterRoutingKey(settings.deadLetterQueue())
                .build();
        Binding binding = BindingBuilder.bind(queue).to(imagesExchange).with(ImageSavedEvent.ROUTING_KEY);
        return new Declarables(deadLetters, queue, binding);
    }

    @Bean
    SimpleMessageListenerContainer dispatcherContainer(ConnectionFactory connections) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(settings.queue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(settings.parallelism());
        container.setPrefetchCount(1);
        // Started once the web server listens, so the first delivery finds the thumbnail function up.
        container.setAutoStartup(false);
        return container;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        var context = ready.getApplicationContext();
        SimpleMessageListenerContainer container = context.getBean("dispatcherContainer", SimpleMessageListenerContainer.class);
        container.setMessageListener(new LocalDispatcher(settings, new Source(NAMESPACE, SOURCE_NAME, settings.queue()),
                context.getBean(InternalEventsPort.class).endpoint(), context.getBean(MeterRegistry.class)));
        container.start();
    }
}
