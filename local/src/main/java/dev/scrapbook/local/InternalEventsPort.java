package dev.scrapbook.local;

import java.net.URI;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.scrapbook.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * In local mode the thumbnail function's CloudEvent endpoint has a listener of its own, bound to 127.0.0.1 on a
 * port chosen at start, and is served there only: the public listener answers 404 for it, and this one serves
 * nothing else. Why a port rather than a shared secret: the public listener can be opened to a network on purpose
 * ({@code SCRAPBOOK_BIND}), and this one never is, whatever that setting says; nothing secret has to be made,
 * kept or compared; and the dispatcher, in the same process, just asks this class for the port. The check is
 * made on what routing chose (the matched pattern) and on the socket's own port, not on the raw path.
 */
@Configuration(proxyBeanMethods = false)
class InternalEventsPort implements WebMvcConfigurer {

    static final String PATH = "/internal/events/image-saved";

    private final Connector connector = new Connector();

    InternalEventsPort() {
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> internalEventsConnector() {
        return factory -> factory.addAdditionalTomcatConnectors(connector);
    }

    /** The port the listener got; known once the web server has started. */
    int port() {
        return connector.getLocalPort();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                boolean internalListener = request.getLocalPort() == port();
                boolean eventEndpoint = PATH.equals(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
                if (internalListener != eventEndpoint) {
                    throw ApiProblem.notFound(request.getRequestURI());
                }
                return true;
            }
        });
    }
}
